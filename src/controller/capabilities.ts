import type { AppServerInfo } from "../protocol/frames.js";

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
