import type { AppServerInfo } from "../protocol/frames.js";
import { TransportError } from "../transport/errors.js";
import type { ServerLink } from "../transport/link.js";

/** What the attached server can do, from app_server_info (PROTOCOL §3.1, §8). */
export interface ServerCapabilities {
  /** 0.29.2–0.29.6: stream-type frames come on a second socket. */
  splitChannels: boolean;
  /** input_accepted and turn_finished exist from 0.30.3 on; older servers never acknowledge. */
  acknowledgesInput: boolean;
}

export function capabilitiesOf(info: AppServerInfo | undefined): ServerCapabilities {
  // No answer at all: a server from before app_server_info (< 0.29.2), single socket, no acks.
  if (!info) return { splitChannels: false, acknowledgesInput: false };
  return {
    splitChannels: info.capabilities?.split_channels === true,
    acknowledgesInput: atLeast(info.letta_code_version, [0, 30, 3]),
  };
}

/** Unknown or unparsable versions count as new: tolerate, do not degrade a modern server. */
function atLeast(version: string | undefined, min: [number, number, number]): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version ?? "");
  if (!m) return true;
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) {
    if (v[i]! !== min[i]!) return v[i]! > min[i]!;
  }
  return true;
}

/**
 * What the controller knows about its server, from app_server_info whenever it answers. A probe
 * that times out means legacy (PROTOCOL §3.1), but a slow server may answer after all: a late
 * answer upgrades the capabilities instead of leaving the session degraded for good.
 */
export class CapabilityTracker {
  current: ServerCapabilities = { splitChannels: false, acknowledgesInput: true };
  /** While the probe waits, its answer is its own to apply (and to wait for the stream socket). */
  private probing = false;

  constructor(private readonly link: () => ServerLink) {}

  /** Ask the server; no answer within `timeoutMs` counts as a server from before app_server_info. */
  async probe(timeoutMs: number): Promise<AppServerInfo | undefined> {
    const client = this.link();
    let info: AppServerInfo | undefined;
    this.probing = true;
    try {
      info = await client.request({ type: "app_server_info", request_id: client.newRequestId("info") }, "app_server_info_response", timeoutMs);
    } catch (err) {
      if (!(err instanceof TransportError && err.code === "timeout")) throw err;
    } finally {
      this.probing = false;
    }
    await this.apply(info);
    return info;
  }

  /** Every app_server_info_response that arrives; one that came after the probe gave up counts. */
  learn(info: AppServerInfo): Promise<void> {
    return this.probing ? Promise.resolve() : this.apply(info);
  }

  private async apply(info: AppServerInfo | undefined): Promise<void> {
    this.current = capabilitiesOf(info);
    // split_channels means the 0.29.x two-socket era: stream frames come on a second socket.
    if (this.current.splitChannels) await this.link().enableSplitChannels?.();
  }
}
