import { randomUUID } from "node:crypto";
import type { ApprovalDecision, RuntimeStartCommand } from "../protocol/commands.js";
import type { AppServerInfo } from "../protocol/frames.js";
import { runtimeKey, type RuntimeScope } from "../protocol/runtime.js";
import type { Store } from "../store/store.js";
import { AppServerConnection, type ConnectOptions } from "../transport/connection.js";
import { TransportError } from "../transport/errors.js";
import { CLIENT_NAME, selectionFields, type AttachOptions, type RuntimeSelection } from "./selection.js";

export interface ControllerOptions extends ConnectOptions {
  clientVersion: string;
  /** Timeout for runtime_start, which waits for server start-up and agent creation. */
  startTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** runtime_start answered success:false (unknown agent, bad combination...). */
export class RuntimeStartError extends Error {
  override name = "RuntimeStartError";
}

/**
 * Turns user intentions into commands on the socket and feeds everything the socket says into
 * the store. It holds no view state: the screen is derived from the store alone.
 */
export class Controller {
  private scope: RuntimeScope | null = null;

  private constructor(
    private readonly conn: AppServerConnection,
    private readonly store: Store,
    private readonly opts: ControllerOptions,
  ) {}

  static async connect(url: string, store: Store, opts: ControllerOptions): Promise<Controller> {
    store.dispatch({ type: "connection", status: "connecting", url });
    let conn: AppServerConnection;
    try {
      conn = await AppServerConnection.open(
        url,
        {
          onFrame: (parsed) => store.dispatch({ type: "frame", parsed }),
          onClose: (info) =>
            store.dispatch({
              type: "connection",
              status: "closed",
              url,
              error: info.byUs ? undefined : `connection closed (${info.code}${info.reason ? `: ${info.reason}` : ""})`,
            }),
        },
        opts,
      );
    } catch (err) {
      store.dispatch({ type: "connection", status: "failed", url, error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    store.dispatch({ type: "connection", status: "connected", url });
    return new Controller(conn, store, opts);
  }

  get runtime(): RuntimeScope | null {
    return this.scope;
  }

  /** Capability probe; undefined means the server predates app_server_info (legacy, PROTOCOL §3.1). */
  async probe(timeoutMs = 3000): Promise<AppServerInfo | undefined> {
    try {
      return await this.conn.request(
        { type: "app_server_info", request_id: this.conn.newRequestId("info") },
        "app_server_info_response",
        timeoutMs,
      );
    } catch (err) {
      if (err instanceof TransportError && err.code === "timeout") return undefined;
      throw err;
    }
  }

  /** Resolve or create the runtime and subscribe to it; the returned scope is used verbatim later. */
  async attach(attach: AttachOptions): Promise<RuntimeScope> {
    const selection = attach.selection.kind === "auto" ? await this.resolveAuto(attach.selection.model) : attach.selection;
    const command: RuntimeStartCommand = {
      type: "runtime_start",
      request_id: this.conn.newRequestId("rs"),
      ...selectionFields(selection),
      client_info: { name: CLIENT_NAME, title: "Letta TUI", version: this.opts.clientVersion },
      force_device_status: true,
      preserve_skill_sources: true,
    };
    if (attach.cwd !== undefined) command.cwd = attach.cwd;
    if (attach.mode !== undefined) command.mode = attach.mode;
    const res = await this.conn.request(command, "runtime_start_response", this.opts.startTimeoutMs ?? 60_000);
    if (!res.success || !res.runtime) {
      throw new RuntimeStartError(`The server could not start the runtime: ${res.error ?? "no reason given"}`);
    }
    this.scope = res.runtime;
    return res.runtime;
  }

  /** The agent that ran last, in its default conversation; a new agent when the server has none. */
  private async resolveAuto(model?: string): Promise<Exclude<RuntimeSelection, { kind: "auto" }>> {
    const res = await this.conn.request(
      {
        type: "agent_list",
        request_id: this.conn.newRequestId("agents"),
        query: { limit: 1, order: "desc", order_by: "last_run_completion" },
      },
      "agent_list_response",
      this.opts.requestTimeoutMs,
    );
    const latest = res.success ? res.agents?.[0]?.id : undefined;
    if (latest) return { kind: "existing", agentId: latest, conversationId: "default" };
    return { kind: "new-agent", model };
  }

  sendMessage(text: string): void {
    const scope = this.requireScope();
    const requestId = this.conn.newRequestId("in");
    const clientMessageId = `cm-${randomUUID()}`;
    this.store.dispatch({ type: "message_sent", scope, requestId, clientMessageId, text });
    this.trackInput(scope, requestId, {
      type: "input",
      request_id: requestId,
      runtime: scope,
      payload: { kind: "create_message", messages: [{ role: "user", content: text, client_message_id: clientMessageId }] },
    });
  }

  answerApproval(approvalId: string, decision: ApprovalDecision): void {
    const scope = this.requireScope();
    const card = this.store.getState().runtimes[runtimeKey(scope)]?.approvals.byId[approvalId];
    // One answer per request_id: a second keypress while the first is in flight is ignored.
    if (!card || card.phase === "sending") return;
    const requestId = this.conn.newRequestId("ap");
    this.store.dispatch({ type: "approval_sent", scope, requestId, approvalId, behavior: decision.behavior });
    this.trackInput(scope, requestId, {
      type: "input",
      request_id: requestId,
      runtime: scope,
      payload: { kind: "approval_response", request_id: approvalId, decision },
    });
  }

  abort(): void {
    const scope = this.requireScope();
    const request_id = this.conn.newRequestId("abort");
    this.conn
      .request({ type: "abort_message", request_id, runtime: scope }, "abort_message_response", this.opts.requestTimeoutMs)
      .catch((err: unknown) => this.store.dispatch({ type: "notice", scope, level: "error", text: `abort failed: ${messageOf(err)}` }));
  }

  close(): void {
    this.conn.close();
  }

  private trackInput(scope: RuntimeScope, requestId: string, command: Parameters<AppServerConnection["send"]>[0]): void {
    this.conn
      .request(command, "input_accepted", this.opts.requestTimeoutMs)
      .catch((err: unknown) => this.store.dispatch({ type: "request_failed", scope, requestId, error: messageOf(err) }));
  }

  private requireScope(): RuntimeScope {
    if (!this.scope) throw new Error("no runtime attached");
    return this.scope;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
