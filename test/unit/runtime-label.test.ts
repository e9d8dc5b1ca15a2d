import { describe, expect, it } from "vitest";
import { runtimeKey, type RuntimeScope } from "../../src/protocol/runtime.js";
import { emptyRuntime } from "../../src/store/state.js";
import { runtimeLabel } from "../../src/ui/components/RuntimeTabs.js";

const rt = (agent_id: string, conversation_id: string, agentName?: string) => {
  const scope: RuntimeScope = { agent_id, conversation_id };
  return { ...emptyRuntime(runtimeKey(scope), scope), agentName };
};

describe("runtime labels", () => {
  it("are agent/conversation, told apart by the agent id only when two would read the same", () => {
    // Two machines dialled in: each names its agent alike and numbers conversations from 1.
    const laptop = rt("agent-local-1111aaaa2222", "local-conv-1", "Letta Code");
    const staging = rt("agent-local-3333bbbb4444", "local-conv-1", "Letta Code");
    const other = rt("agent-local-5555cccc6666", "local-conv-2", "reviewer");
    const all = [laptop, staging, other];
    expect(runtimeLabel(laptop, all)).toBe("Letta Code/local-conv-1 (agent-local-1111aaaa…)");
    expect(runtimeLabel(staging, all)).toBe("Letta Code/local-conv-1 (agent-local-3333bbbb…)");
    expect(runtimeLabel(other, all)).toBe("reviewer/local-conv-2");
    expect(runtimeLabel(laptop)).toBe("Letta Code/local-conv-1");
  });

  it("are sanitised", () => {
    expect(runtimeLabel(rt("a", "c", "evil\u001b]0;title\u0007"))).not.toMatch(/[\u001b\u0007]/);
  });
});
