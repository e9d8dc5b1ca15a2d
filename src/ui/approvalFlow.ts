import type { ApprovalDecision } from "../protocol/commands.js";
import type { ApprovalCard } from "../store/state.js";
import { cardFamily } from "./approval/families.js";
import { WIZARD_START, type WizardState } from "./approval/wizard.js";
import { isShellTool } from "./format.js";

// What the person is doing with the focused approval card, as a pure state machine: choosing an
// answer, typing a deny reason, or editing the arguments before approving. Every answer leaves
// here as one ApprovalDecision; the card sends at most one per request_id.

export type OptionKey = "approve" | "always" | "deny" | "edit";

export interface CardOption {
  key: OptionKey;
  label: string;
}

export type CardStep =
  | { step: "choose"; highlight: number }
  /** "Always" picked once: the card names the rule it writes and waits for a second, deliberate press. */
  | { step: "confirm-always"; highlight: number }
  | { step: "reason"; text: string }
  | { step: "edit-command"; text: string }
  | { step: "edit-json"; text: string; error?: string }
  | { step: "question"; wizard: WizardState };

export const CHOOSE: CardStep = { step: "choose", highlight: 0 };

/** Questions from the agent are answered, not approved: their card opens on the wizard. */
export function initialStep(card: ApprovalCard | undefined): CardStep {
  return card && cardFamily(card.toolName, card.input) === "question" ? { step: "question", wizard: WIZARD_START } : CHOOSE;
}

/** The answers offered for a card, in the order the number keys 1-4 pick them. */
export function cardOptions(card: ApprovalCard): CardOption[] {
  const options: CardOption[] = [{ key: "approve", label: "Yes" }];
  // Only when the server offers a rule to save, and with its own words (they name the scope).
  const always = card.suggestions.find((s) => s.id === "save-default");
  if (always) options.push({ key: "always", label: always.text ?? "Yes, and don't ask again" });
  options.push({ key: "deny", label: "No, and tell the agent what to do differently" });
  const command = isShellTool(card.toolName) && typeof card.input.command === "string";
  options.push({ key: "edit", label: command ? "Edit the command, then approve" : "Edit the arguments, then approve" });
  return options;
}

export type Outcome =
  | { kind: "step"; step: CardStep }
  | { kind: "answer"; decision: ApprovalDecision }
  /** Non-shell arguments are edited as JSON, in $EDITOR when there is one. */
  | { kind: "edit-json" };

/** Choosing an option: answer at once, or move to the step that completes it. */
export function choose(card: ApprovalCard, key: OptionKey): Outcome {
  switch (key) {
    case "approve":
      return { kind: "answer", decision: { behavior: "allow" } };
    case "always":
      // A permanent rule is one press away from a typo: ask once more (see approval/cardKeys.ts).
      return { kind: "step", step: { step: "confirm-always", highlight: Math.max(0, cardOptions(card).findIndex((o) => o.key === "always")) } };
    case "deny":
      return { kind: "step", step: { step: "reason", text: "" } };
    case "edit":
      if (isShellTool(card.toolName) && typeof card.input.command === "string") {
        return { kind: "step", step: { step: "edit-command", text: card.input.command } };
      }
      return { kind: "edit-json" };
  }
}

/** The answer that writes the server's suggested allow rule: only from the confirmation step. */
export const ALWAYS_DECISION: ApprovalDecision = { behavior: "allow", selected_permission_suggestion_ids: ["save-default"] };

/** The rule "always" would write, in the server's words, for the confirmation line. */
export function alwaysRule(card: ApprovalCard): string {
  return card.suggestions.find((s) => s.id === "save-default")?.text ?? "Yes, and don't ask again";
}

export function denyDecision(reason: string): ApprovalDecision {
  return { behavior: "deny", message: reason.trim() || "Denied by the user" };
}

/** The complete new arguments for an edited shell command (updated_input replaces, §5.3). */
export function editedCommand(card: ApprovalCard, command: string): ApprovalDecision | undefined {
  if (!command.trim() || command === card.input.command) return undefined;
  return { behavior: "allow", updated_input: { ...card.input, command } };
}

/** Parse edited JSON; it must stay an object, because it replaces the tool's arguments. */
export function editedJson(text: string): { decision: ApprovalDecision } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { error: "the arguments must be a JSON object" };
  return { decision: { behavior: "allow", updated_input: value as Record<string, unknown> } };
}
