import type { z } from "zod";
import { KnownFrameSchema, StreamDeltaFrame, type KnownFrame } from "./frames.js";
import { AssistantMessageDelta, LettaMessageDeltas, ReasoningMessageDelta } from "./letta.js";
import { LifecycleDeltas } from "./lifecycle.js";

// A fast path for the frames a streaming reply is made of: most of what arrives, and too many
// for a full zod parse each (issue 13). The checks are compiled once from the zod schemas
// themselves, so the schemas stay the only source of wire types: a field the compiler cannot
// check cheaply and exactly (a refinement, a transform, a union whose options overlap) makes a
// frame carrying it take the full parse. A check answers `true` only for a value the schema accepts AND parses to
// an equal value (no defaults, no transforms, no dropped keys), so the frame is used as it came;
// `false` means "ask zod", never "invalid". A frame that passes is shallow (its depth is fixed by
// the shapes, far below MAX_DEPTH), so it needs no depth cut either.
//
// The hottest frames, stream_delta with an assistant or reasoning text chunk, are checked more
// narrowly: they may hold no key outside the names their schemas use, none of them sensitive, so
// the transport log may write them as they came without looking for keys to redact.

type Check = (value: unknown) => boolean;

/** The parts of a zod 4 definition the compiler reads; anything else is not compiled. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  values?: readonly unknown[];
  checks?: readonly unknown[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  options?: readonly z.ZodType[];
  element?: z.ZodType;
  entries?: Record<string, unknown>;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  discriminator?: string;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Every key name the hot delta schemas use: the only names a "known-keys" frame may hold. */
const KNOWN_NAMES = new Set<string>();
/** "known": unknown keys only from KNOWN_NAMES (and no records); "any": any flat extra key. */
type Names = "known" | "any";
const NEVER: Check = () => false;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== "object" && typeof value !== "function");
}

/**
 * Levels an unknown key's value may have in an "any" frame. zod passes such a value through as
 * it is; the bound keeps the whole frame far below MAX_DEPTH without the depth cut.
 */
const EXTRA_LEVELS = 8;

function shallow(value: unknown, levels: number): boolean {
  if (isPrimitive(value)) return true;
  if (levels === 0) return false;
  if (Array.isArray(value)) return value.every((v) => shallow(v, levels - 1));
  const record = value as Record<string, unknown>;
  for (const key in record) if (!shallow(record[key], levels - 1)) return false;
  return true;
}

/** An exact check for `schema`, or undefined when it cannot be done cheaply and exactly. */
function compile(schema: z.ZodType, names: Names, overrides: Readonly<Record<string, Check>> = {}): Check | undefined {
  const def = defOf(schema);
  const unchecked = !def.checks || def.checks.length === 0;
  switch (def.type) {
    // JSON has no undefined: a missing key is the object's business (see compileObject).
    case "optional":
      return def.innerType && compile(def.innerType, names);
    // Present, a defaulted value comes out as it went in; absent, zod fills it in, so an absent
    // key means the full parse (mayBeMissing says no).
    case "default":
      return def.innerType && compile(def.innerType, names);
    // zod passes it through as it is; kept shallow so the frame needs no depth cut. Not in a
    // "known-keys" frame: its keys could be anything.
    case "unknown":
      return names === "any" ? (v) => shallow(v, EXTRA_LEVELS) : undefined;
    // What it catches falls to the full parse; what its inner schema accepts comes out as it is.
    case "catch":
      return def.innerType && compile(def.innerType, names);
    case "nullable": {
      const inner = def.innerType && compile(def.innerType, names);
      return inner && ((v) => v === null || inner(v));
    }
    case "string":
      return unchecked ? (v) => typeof v === "string" : undefined;
    // zod 4 refuses Infinity, which JSON.parse makes of 1e400.
    case "number":
      return unchecked ? (v) => typeof v === "number" && Number.isFinite(v) : undefined;
    case "boolean":
      return (v) => typeof v === "boolean";
    case "literal": {
      const values = def.values ?? [];
      return values.every(isPrimitive) ? (v) => values.includes(v) : undefined;
    }
    // zod returns the first option that accepts, which may not be the one whose check passed
    // (an earlier one could fill a default, say): only options that never accept the same value
    // are compiled, so there is just one that can.
    case "union": {
      if (!def.discriminator && !disjoint(def.options ?? [])) return undefined;
      const options = (def.options ?? []).map((o) => compile(o, names));
      if (options.length === 0 || options.some((o) => o === undefined)) return undefined;
      const checks = options as Check[];
      return (v) => checks.some((c) => c(v));
    }
    case "array": {
      const element = unchecked && def.element ? compile(def.element, names) : undefined;
      return element && ((v) => Array.isArray(v) && v.every(element));
    }
    case "enum": {
      const values = Object.values(def.entries ?? {});
      return (v) => values.includes(v);
    }
    // Its keys are data (run ids, paths), not names: never in a "known-keys" frame.
    case "record": {
      const keyOk = names === "any" && def.keyType && defOf(def.keyType).type === "string" && !defOf(def.keyType).checks?.length;
      const value = keyOk && def.valueType ? compile(def.valueType, names) : undefined;
      return (
        value &&
        ((v) => {
          if (!isRecord(v)) return false;
          for (const key in v) if (key === "__proto__" || !value(v[key])) return false;
          return true;
        })
      );
    }
    case "object":
      return compileObject(def, names, overrides);
    default:
      return undefined;
  }
}

/** The JSON kinds a schema may accept (null, boolean, number, string, array, object), or undefined if unsure. */
function kinds(schema: z.ZodType): string[] | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
    case "number":
    case "boolean":
      return [def.type];
    case "literal":
    case "enum":
      return [...new Set(discriminatorValues(schema).map((v) => (v === null ? "null" : typeof v)))];
    case "nullable": {
      const inner = def.innerType && kinds(def.innerType);
      return inner && [...inner, "null"];
    }
    case "array":
      return ["array"];
    case "object":
    case "record":
      return ["object"];
    default:
      return undefined;
  }
}

function disjoint(options: readonly z.ZodType[]): boolean {
  const seen = new Set<string>();
  for (const option of options) {
    const k = kinds(option);
    if (!k || k.some((x) => seen.has(x))) return false;
    for (const x of k) seen.add(x);
  }
  return true;
}

/** A key zod lets be absent without putting anything in its place (a default would). */
function mayBeMissing(field: z.ZodType): boolean {
  const def = defOf(field);
  return def.type === "optional" || (def.type === "catch" && def.innerType !== undefined && mayBeMissing(def.innerType));
}

function compileObject(def: Def, names: Names, overrides: Readonly<Record<string, Check>>): Check | undefined {
  const checks = new Map<string, Check>();
  const required: string[] = [];
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    if (names === "known") KNOWN_NAMES.add(key);
    const check = overrides[key] ?? compile(field, names);
    const optional = mayBeMissing(field);
    if (!check && !optional) return undefined;
    // A field we cannot check makes a frame that has it take the full parse.
    checks.set(key, check ?? NEVER);
    if (!optional) required.push(key);
  }
  // A loose object passes unknown keys through unchanged. A strict or stripping one would not,
  // so for those an unknown key means the full parse.
  const loose = def.catchall !== undefined && defOf(def.catchall).type === "unknown";
  return (v) => {
    if (!isRecord(v)) return false;
    for (const key in v) {
      const check = checks.get(key);
      if (check) {
        if (!check(v[key])) return false;
        // Unknown keys, passed through by zod: in a "known-keys" frame only names the schemas use
        // elsewhere (the server's delta repeats `type`) with flat values, so it stays
        // redaction-free; elsewhere any name but "__proto__" (zod drops that one, so the frame
        // would not come out as it went in), with a shallow value.
      } else if (!loose || (names === "known" ? !KNOWN_NAMES.has(key) || !isPrimitive(v[key]) : key === "__proto__" || !shallow(v[key], EXTRA_LEVELS))) return false;
    }
    for (const key of required) if (!Object.hasOwn(v, key)) return false;
    return true;
  };
}

function mustCompile(schema: z.ZodType, names: Names, overrides?: Readonly<Record<string, Check>>): Check {
  const check = compile(schema, names, overrides);
  // A schema change the compiler cannot follow turns the fast path off, never makes it lie.
  return check ?? NEVER;
}

const hotDeltas = new Map<unknown, Check>([
  ["assistant_message", mustCompile(AssistantMessageDelta, "known")],
  ["reasoning_message", mustCompile(ReasoningMessageDelta, "known")],
]);

type HotDelta = z.infer<typeof AssistantMessageDelta> | z.infer<typeof ReasoningMessageDelta>;

/** An assistant or reasoning chunk that its schema accepts exactly as it is. */
export function isHotDelta(value: unknown): value is HotDelta {
  if (!isRecord(value)) return false;
  const check = hotDeltas.get(value.message_type);
  return check !== undefined && check(value);
}

const hotStreamDelta = mustCompile(StreamDeltaFrame, "known", { delta: isHotDelta });

/** The values a discriminator field (a literal or an enum) admits. */
function discriminatorValues(schema: z.ZodType): unknown[] {
  const def = defOf(schema);
  return def.values ? [...def.values] : Object.values(def.entries ?? {});
}

/** A check per discriminator value, for each option whose schema compiles; the first one wins, as in zod. */
function checksBy(key: string, options: readonly z.ZodObject[]): Map<unknown, Check> {
  const checks = new Map<unknown, Check>();
  for (const option of options) {
    const check = compile(option, "any");
    if (!check) continue;
    for (const value of discriminatorValues(option.shape[key] as z.ZodType)) if (!checks.has(value)) checks.set(value, check);
  }
  return checks;
}

const deltaChecks = checksBy("message_type", [...LettaMessageDeltas, ...LifecycleDeltas]);

/** Any delta its schema (KnownDeltaSchema's option for its message_type) accepts exactly as it is. */
export function isExactDelta(value: unknown): value is z.infer<(typeof LettaMessageDeltas)[number] | (typeof LifecycleDeltas)[number]> {
  if (!isRecord(value)) return false;
  const check = deltaChecks.get(value.message_type);
  return check !== undefined && check(value);
}

/** Every other frame type whose schema compiles, by its `type`; a stream_delta with any exact delta. */
const frameChecks = checksBy("type", KnownFrameSchema.options);
frameChecks.set("stream_delta", mustCompile(StreamDeltaFrame, "any", { delta: isExactDelta }));

/**
 * How a frame passed the fast path: "known-keys", a hot stream_delta that holds only key names
 * the schemas use; "exact", another frame its schema accepts exactly as it is; undefined, it
 * needs the full parse (which may still accept it).
 */
export type FastVerdict = "known-keys" | "exact" | undefined;

export function fastFrame(value: Record<string, unknown>): FastVerdict {
  if (value.type === "stream_delta" && hotStreamDelta(value)) return "known-keys";
  const check = frameChecks.get(value.type);
  return check?.(value) ? "exact" : undefined;
}

/** The frame `fastFrame` passed, as its schema's type (it is exactly what the schema returns). */
export function asKnownFrame(value: Record<string, unknown>): KnownFrame {
  return value as KnownFrame;
}

/** For tests: the key names a fast-path frame may hold. */
export function hotKeyNames(): ReadonlySet<string> {
  return KNOWN_NAMES;
}
