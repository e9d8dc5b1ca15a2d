// Letta Code wraps context for the model in `<system-reminder>` and `<system-alert>` blocks and
// sends it as user messages (device info on the first message, "The user interrupted the active
// stream." after an abort, keep-alive pings). They are not the user's words: never shown as such.

const BLOCK = /<(system-reminder|system-alert)>[\s\S]*?<\/\1>\s*/g;

/** `text` without the injected blocks (and the whitespace that followed each). */
export function withoutInjectedContext(text: string): string {
  return text.includes("<system-") ? text.replace(BLOCK, "") : text;
}

/** A user message as history holds it, its text parts without injected blocks; parts left blank go. */
export function stripInjectedContext(message: Record<string, unknown>): Record<string, unknown> {
  const content = message.content;
  if (typeof content === "string") return { ...message, content: withoutInjectedContext(content) };
  if (!Array.isArray(content)) return message;
  const kept = content.flatMap((p: unknown) => {
    const text = (p as { text?: unknown } | null)?.text;
    if (typeof text !== "string" || !text.includes("<system-")) return [p];
    const rest = withoutInjectedContext(text);
    return rest.trim() ? [{ ...(p as object), text: rest }] : [];
  });
  return { ...message, content: kept };
}
