/** The streams a command writes to; tests pass their own. */
export interface MainIo {
  stdout: NodeJS.WriteStream;
  stderr: { write(text: string): unknown };
}
