import type { Command } from "../protocol/commands.js";
import type { FrameType } from "../protocol/frames.js";
import type { ClientEvents } from "./client.js";
import type { FrameOf } from "./requests.js";

/**
 * What the controller needs from a connection to one Letta Code runtime host, whichever side
 * dialled: AppServerClient (we connect to `letta server --listen`) or a runtime that dialled in
 * to us (direct mode). Frames in and commands out go through the same parser and schemas.
 */
export interface ServerLink {
  readonly isConnected: boolean;
  newRequestId(prefix: string): string;
  send(command: Command): void;
  request<T extends FrameType>(command: Command, responseType: T, timeoutMs?: number): Promise<FrameOf<T>>;
  /** From the offline state: try again now (a dialled-in runtime reconnects by itself). */
  retryNow(): void;
  close(): void;
  /** Legacy two-socket servers only; links that cannot do it leave it out. */
  enableSplitChannels?(): Promise<void>;
}

/** Opens a link and reports its frames and status to the controller. */
export type LinkFactory = (events: ClientEvents) => Promise<ServerLink>;
