import type { UserMessage } from "../../protocol/commands.js";
import { chipsIn } from "./chips.js";
import type { Attachment } from "./registry.js";

// What a draft becomes when it is sent: pasted texts put back whole, and the text cut at each
// image chip into content parts, in order, as Letta Code sends them. A message without images
// stays a plain string.

export type MessageContent = UserMessage["content"];
type Part = Exclude<MessageContent, string>[number];

/** The draft with every pasted text resolved to its text; image chips stay as their labels. */
export function resolvedText(value: string, items: readonly Attachment[]): string {
  let out = "";
  let at = 0;
  for (const c of chipsIn(value, items)) {
    out += value.slice(at, c.from) + (c.item.kind === "text" ? c.item.text : c.item.label);
    at = c.to;
  }
  return out + value.slice(at);
}

/** The content to send: the resolved text, or text and image parts (adjacent text merged, empty text dropped). */
export function messageContent(value: string, items: readonly Attachment[]): MessageContent {
  const chips = chipsIn(value, items);
  if (!chips.some((c) => c.item.kind === "image")) return resolvedText(value, items);
  const parts: Part[] = [];
  let text = "";
  let at = 0;
  const flush = () => {
    if (text) parts.push({ type: "text", text });
    text = "";
  };
  for (const c of chips) {
    text += value.slice(at, c.from);
    at = c.to;
    if (c.item.kind === "text") {
      text += c.item.text;
      continue;
    }
    flush();
    parts.push({ type: "image", source: { type: "base64", media_type: c.item.mediaType, data: c.item.data } });
  }
  text += value.slice(at);
  flush();
  return parts;
}
