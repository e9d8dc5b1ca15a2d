import type { CommandDraft } from "../../protocol/commands.js";
import type { FrameType, KnownFrame } from "../../protocol/frames.js";
import type { Effect, UiState, World } from "../state/uiState.js";

// What a slash command is. The palette, the input line's `/name args`, the help overlay and
// the README's command list all read one table (commands/registry.ts), so a command cannot
// work without being listed, or be listed without working.

export type { CommandDraft };

/** How a request effect came out: the server's answer, or why there is none. */
export type ReplyResult = { ok: true; frame: KnownFrame } | { ok: false; error: string; frame?: KnownFrame };

/** What a command asks for when it runs: a view to open (with the arguments), effects, or a line of refusal. */
export interface CommandStep {
  /** Open this view (views/registry.ts) with the arguments. */
  view?: string;
  effects?: Effect[];
  /** Refused before anything was sent: shown under the input, the draft kept. */
  error?: string;
  /**
   * Ask the server this before acting (does the directory exist?). The palette keeps the line
   * on screen until the answer, which goes to the command's `checked`: its step is taken then,
   * so a refusal still leaves the line in place. Esc meanwhile drops the answer.
   */
  check?: ServerAsk;
}

/** A request a command needs answered before it can go on. */
export interface ServerAsk {
  command: CommandDraft;
  expect: Expect;
}

export interface SlashCommand {
  /** Typed after the slash: `model` for `/model`. */
  readonly name: string;
  /** The arguments as the person reads them: "[HANDLE]", "TITLE", "N". */
  readonly args?: string;
  /** Whether it cannot run without arguments (then Enter on a bare name asks for them). */
  readonly argsRequired?: boolean;
  /** One line for the palette and the help overlay. */
  readonly description: string;
  /** Only where it can run (an agent attached, the server advertising it...). */
  available?(world: World): boolean;
  /** Candidates for the argument being typed (`args` is everything after the name), for Tab. */
  complete?(args: string, world: World): readonly string[];
  /**
   * Candidates only the server knows (the folders of a directory): the request Tab sends when
   * `complete` has none. The answer comes back to the palette, which completes with
   * `completed(args, frame)` as Tab would, if the line is still the one Tab was pressed on.
   */
  completeRequest?(args: string, world: World): ServerAsk | undefined;
  completed?(args: string, frame: KnownFrame, world: World): readonly string[];
  /** Pure: what running it means. `args` is trimmed. */
  run(args: string, world: World, ui: UiState): CommandStep;
  /** The answer to its `check` (the palette hands it over): what running it means now. */
  checked?(args: string, result: ReplyResult, world: World): CommandStep;
  /** The answer to a `request` effect it sent with `reply.to` = its name (when no view is open for it). */
  reply?(tag: string, result: ReplyResult, world: World): Effect[];
}

/** The frame types a request may wait for. */
export type Expect = FrameType;
