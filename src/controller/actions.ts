import type { ApprovalDecision } from "../protocol/commands.js";

/** What the views may ask for. The views never see the socket, only these intentions. */
export interface UiActions {
  sendMessage(text: string): void;
  answerApproval(approvalId: string, decision: ApprovalDecision): void;
  abort(): void;
  quit(): void;
}
