import { PassThrough } from "node:stream";

/**
 * A stdout that says it is a terminal, for tests of what main does before it draws anything
 * (bad options, refused connections): main refuses to start the TUI on a pipe.
 */
export function fakeTerminal(): NodeJS.WriteStream {
  return Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 30 }) as unknown as NodeJS.WriteStream;
}
