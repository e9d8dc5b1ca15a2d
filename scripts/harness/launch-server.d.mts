// Types for the plain-JS harness, so TypeScript tests can use it without `any`.
export const LETTA_MODEL: string;

export interface ScriptedModelHandle {
  url: string;
  port: number;
  /** Parsed bodies of every chat-completions request the server made, oldest first. */
  requests: unknown[];
  /** Ids of completions whose answer was written to the end (streamed to `[DONE]`), in order. */
  finished: string[];
  close(): Promise<void>;
}

export interface LettaServer {
  url: string;
  httpUrl: string;
  port: number;
  home: string;
  workDir: string;
  model: ScriptedModelHandle;
  logs(): string;
  /** SIGKILL the server as a crash would; HOME, cwd and the model stay. */
  crash(): Promise<void>;
  /** SIGSTOP the server's process group: sockets stay open, nothing is answered. */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
  /** Start it again on the same port and HOME. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function startLettaServer(opts?: { env?: Record<string, string>; cwd?: string; args?: string[]; vision?: boolean }): Promise<LettaServer>;
