import type { RuntimeStartCommand } from "../protocol/commands.js";
import type { PermissionMode } from "../protocol/runtime.js";

/** Which conversation to attach to, as the user chose it on the command line. */
export type RuntimeSelection =
  // Nothing chosen: the most recently used agent's default conversation, or a new agent.
  | { kind: "auto"; model?: string }
  | { kind: "existing"; agentId: string; conversationId: string }
  | { kind: "new-conversation"; agentId: string }
  | { kind: "new-agent"; name?: string; model?: string };

export interface AttachOptions {
  selection: RuntimeSelection;
  cwd?: string;
  mode?: PermissionMode;
}

export const CLIENT_NAME = "letta-tui";

/** The selection part of `runtime_start` (PROTOCOL §3.2); the rest is filled by the controller. */
export function selectionFields(sel: Exclude<RuntimeSelection, { kind: "auto" }>): Partial<RuntimeStartCommand> {
  switch (sel.kind) {
    case "existing":
      return { agent_id: sel.agentId, conversation_id: sel.conversationId };
    case "new-conversation":
      return { agent_id: sel.agentId, create_conversation: { body: {} } };
    case "new-agent": {
      const body: Record<string, unknown> = {};
      if (sel.name) body.name = sel.name;
      if (sel.model) body.model = sel.model;
      return { create_agent: { body }, create_conversation: { body: {} } };
    }
  }
}
