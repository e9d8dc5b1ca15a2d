import { runtimeKey } from "../protocol/runtime.js";
import type { Store } from "../store/store.js";
import { uiActionsFor, type UiActions } from "./actions.js";
import type { Controller } from "./controller.js";

/**
 * One set of UI actions over several controllers sharing one store (direct mode: one controller
 * per runtime host that dialled in). Each action goes to the controller that owns the runtime
 * on screen, so the views never know how many hosts there are.
 */
export function compositeActions(controllers: () => Controller[], store: Store, quit: () => void): UiActions {
  const owner = (): UiActions | undefined => {
    const active = store.getState().active;
    const controller = controllers().find((c) => c.runtimes.some((s) => runtimeKey(s) === active));
    return controller ? uiActionsFor(controller, quit) : undefined;
  };
  const call =
    <K extends keyof UiActions>(name: K) =>
    (...args: Parameters<UiActions[K]>): ReturnType<UiActions[K]> => {
      const actions = owner();
      if (!actions) return undefined as ReturnType<UiActions[K]>;
      return (actions[name] as (...a: Parameters<UiActions[K]>) => ReturnType<UiActions[K]>)(...args);
    };
  return {
    sendMessage: call("sendMessage"),
    answerApproval: call("answerApproval"),
    abort: call("abort"),
    resumeQueue: call("resumeQueue"),
    setMode: call("setMode"),
    setCwd: call("setCwd"),
    removeQueueItem: call("removeQueueItem"),
    resync: call("resync"),
    retry: call("retry"),
    answerQuestion: call("answerQuestion"),
    declineQuestion: call("declineQuestion"),
    // Switching may cross hosts; the store's `active` is what every controller acts on.
    switchRuntime: (key) => store.dispatch({ type: "activate", key }),
    listConversations: async () => (await owner()?.listConversations()) ?? [],
    openConversation: async (choice) => owner()?.openConversation(choice),
    request: async (command, expect) => {
      const actions = owner();
      if (!actions) throw new Error("no runtime on screen");
      return actions.request(command, expect);
    },
    notice: call("notice"),
    block: call("block"),
    quit,
  };
}
