// A small terminal emulator for tests: the sequences Ink writes (cursor moves, erases, the
// alternate screen, synchronized output), a screen of `rows` x `columns` cells and the
// scrollback that lines scrolled off the main screen go to. Text only (colours are dropped),
// one cell per code point (the tests that use it draw no wide characters). Output is taken as
// a tty with ONLCR sends it: "\n" is a carriage return and a line feed.

export class Vt {
  readonly scrollback: string[] = [];
  private main: string[][];
  private alt: string[][] | undefined;
  private saved = { row: 0, col: 0 };
  private row = 0;
  private col = 0;
  private pending = "";

  constructor(
    readonly rows: number,
    readonly columns: number,
  ) {
    this.main = this.blank();
  }

  private blank(): string[][] {
    return Array.from({ length: this.rows }, () => this.blankRow());
  }
  private blankRow(): string[] {
    return Array.from({ length: this.columns }, () => " ");
  }
  private get screen(): string[][] {
    return this.alt ?? this.main;
  }

  /** The screen's rows, trailing blanks trimmed. */
  lines(): string[] {
    return this.screen.map((r) => r.join("").trimEnd());
  }
  /** Scrollback then the main screen, as text: what a person can scroll back to. */
  mainText(): string {
    return [...this.scrollback, ...this.main.map((r) => r.join("").trimEnd())].join("\n").trimEnd();
  }
  get onAlternateScreen(): boolean {
    return this.alt !== undefined;
  }

  write(data: string): void {
    const text = this.pending + data;
    this.pending = "";
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === "\u001b") {
        const used = this.escape(text, i);
        if (used === 0) {
          // An unfinished sequence: kept for the next write.
          this.pending = text.slice(i);
          return;
        }
        i += used;
        continue;
      }
      if (ch === "\r") this.col = 0;
      else if (ch === "\n") (this.col = 0), this.lineFeed();
      else if (ch === "\u0007" || ch === "\b") {
        // bell, backspace: not written by Ink
      } else {
        const cp = text.codePointAt(i)!;
        const s = String.fromCodePoint(cp);
        if (this.col >= this.columns) (this.col = 0), this.lineFeed();
        this.screen[this.row]![this.col] = s;
        this.col++;
        i += s.length;
        continue;
      }
      i++;
    }
  }

  private lineFeed(): void {
    if (this.row < this.rows - 1) {
      this.row++;
      return;
    }
    const top = this.screen.shift()!;
    if (!this.alt) this.scrollback.push(top.join("").trimEnd());
    this.screen.push(this.blankRow());
  }

  /** Characters the sequence at `at` takes, or 0 when it is not complete yet. */
  private escape(text: string, at: number): number {
    const next = text[at + 1];
    if (next === undefined) return 0;
    if (next === "]") {
      // OSC: up to BEL or ST.
      const bel = text.indexOf("\u0007", at);
      const st = text.indexOf("\u001b\\", at);
      const end = [bel === -1 ? Infinity : bel + 1, st === -1 ? Infinity : st + 2].reduce((a, b) => Math.min(a, b));
      return end === Infinity ? 0 : end - at;
    }
    if (next === "7") return (this.saved = { row: this.row, col: this.col }), 2;
    if (next === "8") return (this.row = this.saved.row), (this.col = this.saved.col), 2;
    if (next !== "[") return 2;
    const m = /^\u001b\[([?>=<]?)([0-9;:]*)([ -/]*)([@-~])/.exec(text.slice(at, at + 64));
    if (!m) return text.length - at < 64 ? 0 : 2;
    const [all, priv, params, , final] = m;
    const n = params!.split(";").map((p) => (p === "" ? undefined : Number(p)));
    const a = n[0] ?? 1;
    const clampRow = (r: number) => Math.max(0, Math.min(this.rows - 1, r));
    if (priv === "?") {
      if (params === "1049" && final === "h" && !this.alt) {
        this.saved = { row: this.row, col: this.col };
        this.alt = this.blank();
      } else if (params === "1049" && final === "l" && this.alt) {
        this.alt = undefined;
        this.row = this.saved.row;
        this.col = this.saved.col;
      }
      return all!.length;
    }
    if (priv) return all!.length;
    switch (final) {
      case "A":
        this.row = clampRow(this.row - a);
        break;
      case "B":
        this.row = clampRow(this.row + a);
        break;
      case "C":
        this.col = Math.min(this.columns - 1, this.col + a);
        break;
      case "D":
        this.col = Math.max(0, Math.min(this.col, this.columns) - a);
        break;
      case "E":
        this.row = clampRow(this.row + a);
        this.col = 0;
        break;
      case "F":
        this.row = clampRow(this.row - a);
        this.col = 0;
        break;
      case "G":
        this.col = Math.max(0, Math.min(this.columns - 1, a - 1));
        break;
      case "H":
      case "f":
        this.row = clampRow((n[0] ?? 1) - 1);
        this.col = Math.max(0, Math.min(this.columns - 1, (n[1] ?? 1) - 1));
        break;
      case "K": {
        const line = this.screen[this.row]!;
        const mode = n[0] ?? 0;
        const from = mode === 0 ? Math.min(this.col, this.columns) : 0;
        const to = mode === 1 ? Math.min(this.col + 1, this.columns) : this.columns;
        for (let c = from; c < to; c++) line[c] = " ";
        break;
      }
      case "J": {
        const mode = n[0] ?? 0;
        if (mode === 3) {
          if (!this.alt) this.scrollback.length = 0;
          break;
        }
        for (let r = 0; r < this.rows; r++) {
          if (mode === 0 && r < this.row) continue;
          if (mode === 1 && r > this.row) continue;
          const line = this.screen[r]!;
          const from = mode === 0 && r === this.row ? Math.min(this.col, this.columns) : 0;
          const to = mode === 1 && r === this.row ? this.col + 1 : this.columns;
          for (let c = from; c < to; c++) line[c] = " ";
        }
        break;
      }
      default:
        // SGR and anything else: no effect on the text.
        break;
    }
    return all!.length;
  }
}
