import type { Command } from "../../src/protocol/commands.js";
import type { FrameType } from "../../src/protocol/frames.js";
import { parseFrame } from "../../src/protocol/parse.js";
import type { ClientEvents } from "../../src/transport/client.js";
import { TransportError } from "../../src/transport/errors.js";
import type { ServerLink } from "../../src/transport/link.js";
import type { FrameOf } from "../../src/transport/requests.js";

/** What the fake answers to a command: a frame object, or nothing (the request times out). */
export type Answer = (command: Command & Record<string, unknown>) => Record<string, unknown> | undefined;

/**
 * A ServerLink without a socket, for controller unit tests: every command is recorded, every
 * answer goes through the real parser and reaches the controller the way a socket's would.
 * Integration tests use the real App Server; this only drives what it cannot be made to do
 * on cue (a probe answered late, one runtime_start failing among several).
 */
export class FakeLink implements ServerLink {
  isConnected = true;
  readonly sent: Command[] = [];
  /** Commands written without waiting for an answer (send), as opposed to request. */
  readonly fireAndForget: Command[] = [];
  events!: ClientEvents;
  /**
   * While set, inputs are written and never answered, as to a server that froze after reading
   * nothing; drop() then fails them the way a lost socket does.
   */
  hangInputs = false;
  private readonly hanging: ((err: Error) => void)[] = [];
  private nextId = 1;

  /** The socket is lost: every request still waiting fails with "closed". */
  drop(): void {
    for (const fail of this.hanging.splice(0)) fail(new TransportError("closed", "Connection lost."));
  }

  constructor(public answer: Answer) {}

  open = async (events: ClientEvents): Promise<ServerLink> => {
    this.events = events;
    events.onStatus({ status: "connected" });
    return this;
  };

  /** A frame from the "server", through the parser. */
  push(frame: Record<string, unknown>): void {
    this.events.onFrame(parseFrame(JSON.stringify(frame)));
  }

  newRequestId(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }

  send(command: Command): void {
    if (!this.isConnected) throw new TransportError("closed", "Not connected.");
    this.sent.push(command);
    this.fireAndForget.push(command);
  }

  async request<T extends FrameType>(command: Command, responseType: T): Promise<FrameOf<T>> {
    if (!this.isConnected) throw new TransportError("closed", "Not connected.");
    this.sent.push(command);
    if (this.hangInputs && command.type === "input") return new Promise((_, reject) => void this.hanging.push(reject));
    const reply = this.answer(command as Command & Record<string, unknown>);
    if (!reply) throw new TransportError("timeout", `No answer to ${command.type}.`);
    const parsed = parseFrame(JSON.stringify(reply));
    this.events.onFrame(parsed);
    if (parsed.kind !== "frame" || parsed.frame.type !== responseType) throw new Error(`fake answered ${command.type} with ${JSON.stringify(reply)}`);
    return parsed.frame as FrameOf<T>;
  }

  retryNow(): void {}
  close(): void {}
}

/** Answers the commands an attach and a resync need, for any runtime. */
export const attachAnswers: Answer = (c) => {
  const request_id = c.request_id;
  switch (c.type) {
    case "runtime_start":
      return { type: "runtime_start_response", request_id, success: true, runtime: { agent_id: c.agent_id, conversation_id: c.conversation_id ?? "default" }, agent: { id: c.agent_id, name: `name-${String(c.agent_id)}` } };
    case "sync":
      return { type: "sync_response", request_id, success: true, runtime: c.runtime };
    case "conversation_messages_list":
      return { type: "conversation_messages_list_response", request_id, success: true, messages: [] };
    case "input":
      return { type: "input_accepted", request_id, runtime: c.runtime, accepted: true, disposition: "started" };
    default:
      return undefined;
  }
};
