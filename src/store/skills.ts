import type { DeviceStatus, KnownFrame } from "../protocol/frames.js";
import type { AppState, RuntimeState, SkillToggle } from "./state.js";

// What the store keeps of skills and broadcasts. 0.32.18 reports a runtime's skills only in
// device statuses sent around a turn (an idle `sync` says none, with no tools loaded either),
// lists a newly enabled skill only from the next turn, and goes on listing a disabled one
// (its skill cache outlives the link). So the last full list is kept per runtime, and what was
// enabled or disabled from here is kept beside it for the view to show.

/** Where a toggle is kept: skills are linked per server (its ~/.letta/skills), not per runtime. */
export function skillKey(host: string | undefined, name: string): string {
  return `${host ?? ""}\n${name}`;
}

/** A device status lists the skills only when the runtime's tools were prepared (a turn). */
export function withDeviceSkills(rt: RuntimeState, device: DeviceStatus): RuntimeState {
  const skills = device.current_available_skills ?? [];
  const full = skills.length > 0 || (device.current_loaded_tools?.length ?? 0) > 0;
  return full ? { ...rt, skills } : rt;
}

/** A successful skill_enable / skill_disable answer, remembered for its server. */
export function withSkillAnswer(state: AppState, frame: Extract<KnownFrame, { type: "skill_enable_response" | "skill_disable_response" }>, via?: string): AppState {
  const name = frame.name ?? frame.skill_name;
  if (frame.success === false || !name) return state;
  const key = skillKey(via, name);
  const before = state.skillToggles?.[key];
  const toggle: SkillToggle =
    frame.type === "skill_enable_response"
      ? { state: "enabled", ...(frame.skill_path ? { path: frame.skill_path } : {}) }
      : { state: "disabled", ...(before?.path ? { path: before.path } : {}) };
  return { ...state, skillToggles: { ...state.skillToggles, [key]: toggle } };
}

/** One more broadcast of this type: open views that show what it announces fetch again. */
export function countBroadcast(state: AppState, type: string): AppState {
  return { ...state, broadcasts: { ...state.broadcasts, [type]: (state.broadcasts?.[type] ?? 0) + 1 } };
}
