import type { ExternalToolsGroup } from "../protocol/commands.js";
import type { KnownFrame } from "../protocol/frames.js";
import type { RuntimeScope } from "../protocol/runtime.js";
import type { Store } from "../store/store.js";
import type { ServerLink } from "../transport/link.js";
import { runTool, type ExternalTool, type ToolContext } from "./externalTools.js";

type ToolCall = Extract<KnownFrame, { type: "external_tool_call_request" }>;

interface Waiting {
  resolve(answer: string): void;
  reject(err: Error): void;
}

/**
 * Runs our external tools when the server calls them and answers each call exactly once.
 * ask_user questions wait here for the person; the store only shows them.
 */
export class ToolRunner {
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly tools: readonly ExternalTool[],
    private readonly store: Store,
    private readonly client: () => ServerLink,
    private readonly scope: () => RuntimeScope | null,
  ) {}

  /** What runtime_start registers; sent again on every re-attach so the tools survive reconnects. */
  groups(): ExternalToolsGroup[] {
    return this.tools.length ? [{ tools: this.tools.map((t) => t.definition) }] : [];
  }

  handle(call: ToolCall): void {
    const scope = call.runtime ?? this.scope();
    const tool = this.tools.find((t) => t.definition.name === call.tool_name);
    const respond = (text: string, isError: boolean) => {
      try {
        this.client().send({ type: "external_tool_call_response", request_id: call.request_id, result: { content: [{ type: "text", text }], is_error: isError } });
      } catch {
        // Disconnected: the server rejects the call itself when our connection goes away.
      }
    };
    if (!tool || !scope) return respond(`letta-tui has no tool named ${call.tool_name}`, true);
    const ctx: ToolContext = {
      notify: (text, level, ring) => this.store.dispatch({ type: "notice", scope, level, text, ring }),
      ask: (question, options, signal) =>
        new Promise<string>((resolve, reject) => {
          const close = () => {
            this.waiting.delete(call.request_id);
            this.store.dispatch({ type: "question_closed", scope, requestId: call.request_id });
          };
          this.waiting.set(call.request_id, {
            resolve: (a) => (close(), resolve(a)),
            reject: (e) => (close(), reject(e)),
          });
          signal.addEventListener("abort", () => this.waiting.get(call.request_id)?.reject(new Error("the user did not answer in time")));
          this.store.dispatch({ type: "question_opened", scope, requestId: call.request_id, question, options });
        }),
    };
    void runTool(tool, call.input, ctx).then((r) => respond(r.text, r.isError));
  }

  answer(requestId: string, text: string): void {
    this.waiting.get(requestId)?.resolve(text);
  }

  decline(requestId: string): void {
    this.waiting.get(requestId)?.reject(new Error("the user declined to answer"));
  }
}
