import { runtimeKey, type RuntimeScope } from "../protocol/runtime.js";
import type { NoticeLevel } from "../store/state.js";
import { TransportError } from "../transport/errors.js";
import { lostConversationText } from "./attach.js";

// Recovery after a reconnect (or on a sync key): one pass at a time over the attached
// runtimes. A reconnect that comes while a pass is under way gets a pass of its own after it,
// and a runtime that could not be re-attached (a restarted runtime still booting, a loaded
// server) is tried again a few times instead of staying detached until the next drop.

export interface RecoveryHost {
  runtimes(): RuntimeScope[];
  active(): RuntimeScope | null;
  isConnected(): boolean;
  resyncOne(scope: RuntimeScope, reason: RecoveryReason): Promise<void>;
  resendAll(): void;
  notice(scope: RuntimeScope, level: NoticeLevel, text: string): void;
}

export type RecoveryReason = "reconnected" | "sync";

const RETRIES = 5;
const RETRY_MS = 5_000;

export class Recovery {
  private underway: Promise<void> | null = null;
  private again = false;
  private retries = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly host: RecoveryHost,
    private readonly retryMs = RETRY_MS,
  ) {}

  /** A pass is under way (it loads history itself). */
  get running(): boolean {
    return this.underway !== null;
  }

  run(reason: RecoveryReason): Promise<void> {
    if (this.underway) {
      // The pass under way belongs to the socket before: this one needs its own.
      if (reason === "reconnected") this.again = true;
      return this.underway;
    }
    const active = this.host.active();
    const scopes = reason === "sync" ? (active ? [active] : []) : this.host.runtimes();
    if (scopes.length === 0) return Promise.resolve();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.underway = this.pass(scopes, reason).then(
      (failed) => this.after(reason, failed),
      () => this.after(reason, false),
    );
    return this.underway;
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Resolves to whether a runtime failed in a way worth trying again (no answer in time). */
  private async pass(scopes: RuntimeScope[], reason: RecoveryReason): Promise<boolean> {
    // Each runtime on its own: one that cannot be re-attached must not cost the others their
    // subscription, nor the resend of what was never acknowledged.
    const recovered = new Set<string>();
    let failed = false;
    for (const scope of scopes) {
      try {
        await this.host.resyncOne(scope, reason);
        recovered.add(runtimeKey(scope));
      } catch (err) {
        // A drop during recovery starts another reconnect, which recovers again.
        if (err instanceof TransportError && err.code === "closed") return false;
        // Only silence is worth waiting out; a runtime_start the server refused stays refused.
        const transient = err instanceof TransportError && err.code === "timeout";
        failed ||= transient;
        const retrying = transient && reason === "reconnected" && this.retries < RETRIES;
        const message = err instanceof Error ? err.message : String(err);
        this.host.notice(scope, "error", lostConversationText(err) ?? `resync failed: ${message}${retrying ? `; trying again in ${Math.round(this.retryMs / 1000)} s` : ""}`);
      }
    }
    this.host.resendAll();
    const active = this.host.active();
    if (reason === "reconnected" && active && recovered.has(runtimeKey(active))) this.host.notice(active, "success", "reconnected and resynced");
    return failed;
  }

  private after(reason: RecoveryReason, failed: boolean): void {
    this.underway = null;
    if (this.again) {
      this.again = false;
      void this.run("reconnected");
      return;
    }
    if (!failed || reason !== "reconnected") {
      this.retries = 0;
      return;
    }
    if (this.retries >= RETRIES) return;
    this.retries += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      // Not connected: the next reconnect recovers anyway.
      if (this.host.isConnected()) void this.run("reconnected");
    }, this.retryMs);
    this.retryTimer.unref?.();
  }
}
