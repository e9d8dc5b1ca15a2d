import { sanitizeLine } from "../sanitize.js";
import type { Notice } from "./decide.js";

// The bytes of a notification: the bell (every terminal; tmux marks the window), OSC 9 (iTerm2,
// kitty, WezTerm, Windows Terminal: a desktop notification with the text) and OSC 777 (urxvt,
// foot, Ghostty, VTE: a notification with a title and a body). A terminal that knows neither
// ignores both (an unknown OSC is consumed whole, never drawn).
//
// The text is server text (an agent's question, a tool's name): it is sanitised like everything
// drawn (controls become visible escapes), so no ESC or BEL inside can end the OSC early and
// make the rest of the payload into sequences the terminal obeys. OSC 777 separates its fields
// with ";": one in the title would move the split, so the title gets none.

const BEL = "\u0007";
const OSC = "\u001b]";
/** Desktop notifications are a line or two; a long question is cut, never the bell. */
export const NOTICE_CHARS = 200;

/** One line, no control characters, at most `max` characters (… marks a cut). */
export function noticeText(text: string, max = NOTICE_CHARS): string {
  const line = sanitizeLine(text);
  const chars = [...line];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : line;
}

/** What is written to the terminal for `notice`: bell, then OSC 9, then OSC 777 (the bell alone for a bell-only one). */
export function noticeBytes(notice: Notice): string {
  if (notice.bellOnly) return BEL;
  const title = noticeText(notice.title, 60).replaceAll(";", ",");
  const body = noticeText(notice.body);
  return `${BEL}${OSC}9;${title}: ${body}${BEL}${OSC}777;notify;${title};${body}${BEL}`;
}
