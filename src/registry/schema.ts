import { z } from "zod";

// The registry file is meant to be edited by hand (servers, tools), so one bad entry must cost
// only that entry: every list is parsed element by element, and what fails is dropped with a
// warning the UI can show, instead of refusing the whole file.

export const ServerEntrySchema = z.object({
  name: z.string().min(1),
  url: z.string().min(1),
  tokenFile: z.string().min(1).optional(),
  // Only ever read: the registry never writes the servers list, so a token stays where the user put it.
  token: z.string().min(1).optional(),
});
export type ServerEntry = z.infer<typeof ServerEntrySchema>;

export const RuntimeEntrySchema = z.object({
  agentId: z.string().min(1),
  conversationId: z.string().min(1),
  serverUrl: z.string().min(1),
  cwd: z.string().min(1).optional(),
  /** Display name chosen by the user. */
  name: z.string().min(1).optional(),
  role: z.string().min(1).optional(),
  agentName: z.string().min(1).optional(),
  /** ISO 8601; the sort key of the recent list. */
  lastStarted: z.iso.datetime({ offset: true }),
});
export type RuntimeEntry = z.infer<typeof RuntimeEntrySchema>;

/** A client-side tool: `command` runs in a shell, gets the input JSON on stdin, prints the result. */
export const ToolEntrySchema = z.object({
  // Sent to the model as a function name, which providers restrict to this alphabet.
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and - only (at most 64)"),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  command: z.string().min(1),
  timeoutSeconds: z.number().positive().optional(),
});
export type ToolEntry = z.infer<typeof ToolEntrySchema>;

/** --notify and the file's notify.on: what is worth a notification while the terminal is not focused. */
export const NOTIFY_ON = ["cards", "turns", "all", "off"] as const;
export type NotifyOn = (typeof NOTIFY_ON)[number];

/** `"notify": {"on": "all", "turnSeconds": 60}`: both optional; --notify overrides `on`. */
export const NotifySchema = z.object({
  on: z.enum(NOTIFY_ON).optional(),
  turnSeconds: z.number().positive().optional(),
});
export type NotifySettings = z.infer<typeof NotifySchema>;

/** The whole file, strictly; `parseRegistryFile` is the forgiving reader built from the same parts. */
export const RegistryFileSchema = z.object({
  servers: z.array(ServerEntrySchema).default([]),
  runtimes: z.array(RuntimeEntrySchema).default([]),
  tools: z.array(ToolEntrySchema).default([]),
  notify: NotifySchema.optional(),
});
export type RegistryFile = z.infer<typeof RegistryFileSchema>;

export interface ParsedRegistry {
  file: RegistryFile;
  /** One line per dropped entry or list, e.g. `tools[1] dropped: command: expected string`. */
  warnings: string[];
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 2)
    .map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

function parseList<T>(raw: unknown, field: string, schema: z.ZodType<T>, warnings: string[]): T[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    warnings.push(`${field} ignored: expected a list`);
    return [];
  }
  const out: T[] = [];
  raw.forEach((item: unknown, i) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
    else warnings.push(`${field}[${i}] dropped: ${describe(parsed.error)}`);
  });
  return out;
}

/** Read whatever JSON the file held; never throws. */
export function parseRegistryFile(raw: unknown): ParsedRegistry {
  const warnings: string[] = [];
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { file: { servers: [], runtimes: [], tools: [] }, warnings: ["the file is not a JSON object; ignored"] };
  }
  const rec = raw as Record<string, unknown>;
  const servers = parseList(rec.servers, "servers", ServerEntrySchema, warnings);
  const runtimes = parseList(rec.runtimes, "runtimes", RuntimeEntrySchema, warnings);
  const tools: ToolEntry[] = [];
  // Two tools of one name would be ambiguous to the model and to the server's registration.
  for (const tool of parseList(rec.tools, "tools", ToolEntrySchema, warnings)) {
    if (tools.some((t) => t.name === tool.name)) warnings.push(`tool "${tool.name}" defined twice; the first one is used`);
    else tools.push(tool);
  }
  const file: RegistryFile = { servers, runtimes, tools };
  if (rec.notify !== undefined) {
    // A mistake here costs the setting, not the file: the defaults apply, with a warning.
    const notify = NotifySchema.safeParse(rec.notify);
    if (notify.success) file.notify = notify.data;
    else warnings.push(`notify ignored: ${describe(notify.error)}`);
  }
  return { file, warnings };
}
