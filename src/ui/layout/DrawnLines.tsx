import { Text } from "ink";
import { wrapped } from "./rows.js";

// A view built as a list of lines (each a <Text> of styled parts) states its height from the
// very list it draws: `drawnRows` counts what `DrawnLines` renders, so the two cannot drift.

export interface Part {
  text: string;
  color?: "gray" | "yellow" | "cyan" | "red" | "magenta" | "green" | undefined;
  bold?: boolean | undefined;
}

export interface DrawnLine {
  parts: Part[];
  /** Cut to one row instead of wrapping. */
  cut?: "truncate-end" | "truncate-middle" | undefined;
}

/** One line of a single part. */
export const line = (text: string, style: Omit<Part, "text"> = {}, cut?: DrawnLine["cut"]): DrawnLine => ({ parts: [{ text, ...style }], cut });

/** Rows `lines` take when drawn `width` columns wide. */
export function drawnRows(lines: readonly DrawnLine[], width: number): number {
  return lines.reduce((n, l) => n + (l.cut ? 1 : wrapped(l.parts.map((p) => p.text).join(""), width)), 0);
}

export function DrawnLines({ lines }: { lines: readonly DrawnLine[] }) {
  return (
    <>
      {lines.map((l, i) => (
        <Text key={i} wrap={l.cut ?? "wrap"}>
          {l.parts.map((p, j) =>
            p.color || p.bold ? (
              <Text key={j} color={p.color} bold={p.bold}>
                {p.text}
              </Text>
            ) : (
              p.text
            ),
          )}
        </Text>
      ))}
    </>
  );
}
