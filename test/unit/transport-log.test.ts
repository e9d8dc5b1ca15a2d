import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { defaultLogDir, MAX_RAW_BYTES, TransportLog } from "../../src/transport/log.js";
import { sleep } from "../wait.js";

const root = mkdtempSync(path.join(tmpdir(), "letta-tui-log-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(root, `d${n++}`, "logs");
const posix = process.platform !== "win32";

function lines(file: string | undefined): Record<string, unknown>[] {
  expect(file).toBeDefined();
  return readFileSync(file!, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("defaultLogDir", () => {
  it("prefers an absolute XDG_STATE_HOME on any platform", () => {
    expect(defaultLogDir({ XDG_STATE_HOME: "/s", HOME: "/h" }, "linux")).toBe("/s/letta-tui/logs");
    expect(defaultLogDir({ XDG_STATE_HOME: "/s", HOME: "/h" }, "darwin")).toBe("/s/letta-tui/logs");
  });
  it("ignores a relative XDG_STATE_HOME, as the spec says", () => {
    expect(defaultLogDir({ XDG_STATE_HOME: "rel", HOME: "/h" }, "linux")).toBe("/h/.local/state/letta-tui/logs");
  });
  it("falls back per platform", () => {
    expect(defaultLogDir({ HOME: "/h" }, "linux")).toBe("/h/.local/state/letta-tui/logs");
    expect(defaultLogDir({ HOME: "/h" }, "freebsd")).toBe("/h/.local/state/letta-tui/logs");
    expect(defaultLogDir({ HOME: "/Users/u" }, "darwin")).toBe("/Users/u/Library/Logs/letta-tui");
    expect(defaultLogDir({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "win32")).toBe("C:\\Users\\u\\AppData\\Local\\letta-tui\\logs");
    expect(defaultLogDir({ USERPROFILE: "C:\\Users\\u" }, "win32")).toBe("C:\\Users\\u\\AppData\\Local\\letta-tui\\logs");
  });
});

describe("TransportLog files", () => {
  it("writes one timestamped NDJSON line per frame and event, in a private file", async () => {
    const dir = freshDir();
    const log = TransportLog.open({ dir, now: () => new Date("2026-11-21T05:22:37.123Z") });
    expect(log.error).toBeUndefined();
    expect(path.basename(log.path!)).toMatch(new RegExp(`^session-2026-11-21T05-22-37-123Z-${process.pid}(-\\d+)?\\.ndjson$`));
    log.event("connect", { url: "ws://127.0.0.1:4500/ws" });
    log.sent({ type: "app_server_info", request_id: "r1" });
    // As the socket hands it over: parsed already, with its bytes, which go to the file as they are.
    const info = '{"type":"app_server_info_response","request_id":"r1"}';
    log.received(info, true, Buffer.from(info));
    log.received("not json");
    await log.close();
    log.sent({ after: "close" }); // ignored, and does not throw
    expect(lines(log.path)).toEqual([
      { t: "2026-11-21T05:22:37.123Z", dir: "event", name: "connect", detail: { url: "ws://127.0.0.1:4500/ws" } },
      { t: "2026-11-21T05:22:37.123Z", dir: "send", frame: { type: "app_server_info", request_id: "r1" } },
      { t: "2026-11-21T05:22:37.123Z", dir: "recv", frame: { type: "app_server_info_response", request_id: "r1" } },
      { t: "2026-11-21T05:22:37.123Z", dir: "recv", raw: "not json", bytes: 8 },
    ]);
    if (posix) {
      expect(statSync(log.path!).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
  });

  it("truncates non-JSON text to 64 KiB and records its full length", async () => {
    const log = TransportLog.open({ dir: freshDir() });
    log.received(`<${"x".repeat(200_000)}`);
    await log.close();
    const [rec] = lines(log.path);
    // `truncated` says how much is missing from `raw`, so the cut text is never taken for the frame.
    expect(rec).toMatchObject({ dir: "recv", bytes: 200_001, truncated: 200_001 - MAX_RAW_BYTES });
    expect((rec!.raw as string).length).toBe(MAX_RAW_BYTES);
  });

  it("caps a huge JSON frame at 64 KiB of its redacted text, with its size and how much was cut", async () => {
    const log = TransportLog.open({ dir: freshDir(), secrets: ["tok-secret-1"] });
    const frame = JSON.stringify({ type: "stream_delta", note: "tok-secret-1", delta: { text: "z".repeat(2 * 1024 * 1024) } });
    log.received(frame);
    log.received('{"type":"after"}');
    await log.close();
    const [rec, after] = lines(log.path);
    expect(Buffer.byteLength(JSON.stringify(rec))).toBeLessThan(MAX_RAW_BYTES + 1024);
    expect(rec).toMatchObject({ dir: "recv", bytes: expect.any(Number), truncated: expect.any(Number) });
    expect((rec!.raw as string).startsWith('{"type":"stream_delta","note":"[redacted]"')).toBe(true);
    expect((rec!.bytes as number) - (rec!.truncated as number)).toBe(Buffer.byteLength(rec!.raw as string));
    expect(after).toMatchObject({ frame: { type: "after" } });
  });

  it("leaves an image's base64 out of the log, sent or received, whatever the frame's size", async () => {
    const log = TransportLog.open({ dir: freshDir() });
    const data = "iVBORw0KGgo".repeat(500_000); // 5.5 MB, as a 4 MB image is in base64
    const small = "QUJD".repeat(100);
    const part = (d: string) => ({ type: "image", source: { type: "base64", media_type: "image/png", data: d } });
    log.sent({ type: "input", payload: { kind: "create_message", messages: [{ role: "user", content: [{ type: "text", text: "look" }, part(data)] }] } });
    log.received(JSON.stringify({ type: "stream_delta", delta: { message_type: "user_message", content: [part(small)] } }), true);
    log.received(JSON.stringify({ type: "stream_delta", delta: { message_type: "user_message", content: [part(small)] } }), "known-keys");
    await log.close();
    const text = readFileSync(log.path!, "utf8");
    expect(text).not.toContain("iVBORw0KGgoiVBOR");
    expect(text).not.toContain("QUJDQUJD");
    const [sent, recv] = lines(log.path);
    expect(JSON.stringify(sent)).toContain('"data":"[base64: 5500000 chars not logged]"');
    expect(JSON.stringify(sent)).toContain('"text":"look"');
    expect(JSON.stringify(recv)).toContain('"data":"[base64: 400 chars not logged]"');
  });

  it("logs a frame nested 5 000 levels deep (which JSON.stringify cannot redo) cut at 64 levels, with a note", async () => {
    const log = TransportLog.open({ dir: freshDir() });
    const deep = `{"type":"stream_delta","delta":${'{"a":'.repeat(5000)}1${"}".repeat(5000)},"token":"server-secret"}`;
    expect(() => log.received(deep)).not.toThrow();
    await log.close();
    const [rec] = lines(log.path);
    expect(rec).toMatchObject({ dir: "recv", frame: { type: "stream_delta", token: "[redacted]" }, depth_cut: { levels: 64, parts: 1 } });
    let node = (rec!.frame as { delta: unknown }).delta;
    let depth = 1;
    while (typeof node === "object" && node !== null) {
      node = (node as { a: unknown }).a;
      depth++;
    }
    expect(depth).toBe(64);
    expect(node).toBe("[nested deeper: cut]");
  });

  it("keeps the newest 10 session files and leaves other files alone", async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 12; i++) writeFileSync(path.join(dir, `session-2020-01-${String(i + 1).padStart(2, "0")}T00-00-00-000Z-1.ndjson`), "");
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    const log = TransportLog.open({ dir, now: () => new Date("2026-01-01T00:00:00.000Z") });
    await log.close();
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(11);
    expect(names).toContain("notes.txt");
    expect(names).toContain(path.basename(log.path!));
    expect(names).not.toContain("session-2020-01-03T00-00-00-000Z-1.ndjson");
    expect(names).toContain("session-2020-01-04T00-00-00-000Z-1.ndjson");
  });

  it("never prunes the file it just made, even when many share its millisecond", async () => {
    const dir = freshDir();
    const now = () => new Date("2026-01-01T00:00:00.000Z");
    const logs = Array.from({ length: 4 }, () => TransportLog.open({ dir, keep: 2, now }));
    await Promise.all(logs.map((l) => l.close()));
    expect(new Set(logs.map((l) => l.path)).size).toBe(4);
    expect(existsSync(logs[3]!.path!)).toBe(true);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it("uses --log-file exactly, appends, and prunes nothing", async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 12; i++) writeFileSync(path.join(dir, `session-2020-01-${String(i + 1).padStart(2, "0")}T00-00-00-000Z-1.ndjson`), "");
    const file = path.join(dir, "mine.log");
    for (const k of [1, 2]) {
      const log = TransportLog.open({ file, dir: path.join(root, "unused") });
      expect(log.path).toBe(file);
      log.event("n", { k });
      await log.close();
    }
    expect(lines(file).map((r) => r.detail)).toEqual([{ k: 1 }, { k: 2 }]);
    // Made by us: owner-only, like the session files.
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toHaveLength(13);
    expect(existsSync(path.join(root, "unused"))).toBe(false);
  });

  it("a failed open degrades to a silent log with an error", async () => {
    const blocker = path.join(root, "a-file");
    writeFileSync(blocker, "");
    const log = TransportLog.open({ dir: path.join(blocker, "logs") });
    expect(log.path).toBeUndefined();
    expect(log.error).toMatch(/cannot open the transport log/);
    expect(() => {
      log.sent({ a: 1 });
      log.received("x");
      log.event("e");
    }).not.toThrow();
    await log.close();
  });

  it.skipIf(!existsSync("/dev/full"))("a failing disk is remembered, never thrown", async () => {
    const log = TransportLog.open({ file: "/dev/full" });
    log.sent({ a: 1 });
    await log.close();
    expect(log.error).toMatch(/cannot write the transport log/);
    expect(() => log.sent({ b: 2 })).not.toThrow();
  });

  it("bounds what waits for the disk and says how much it dropped", async () => {
    const log = TransportLog.open({ dir: freshDir(), maxBufferBytes: 10_000 });
    const big = { text: "y".repeat(5_000) };
    for (let i = 0; i < 50; i++) log.sent(big);
    // Time for the disk to take what was queued, so "after" finds room. TransportLog shows no
    // queue length to wait on (a condition on the file raced its write callback): kept.
    await sleep(50);
    log.event("after");
    await log.close();
    const recs = lines(log.path);
    expect(recs.length).toBeLessThan(50);
    const dropped = recs.find((r) => r.name === "log_dropped");
    expect(dropped?.detail).toMatchObject({ records: 50 - recs.filter((r) => r.dir === "send").length, since: expect.any(String) });
    expect(recs.at(-1)).toMatchObject({ name: "after" });
  });

  it("accounts for records dropped at the very end of a flood, when nothing comes after them", async () => {
    const log = TransportLog.open({ dir: freshDir(), maxBufferBytes: 10_000 });
    const big = { text: "y".repeat(5_000) };
    for (let i = 0; i < 50; i++) log.sent(big);
    await log.close();
    const recs = lines(log.path);
    const written = recs.filter((r) => r.dir === "send").length;
    const dropped = recs.filter((r) => r.name === "log_dropped").reduce((n, r) => n + ((r.detail as { records: number }).records ?? 0), 0);
    expect(written).toBeLessThan(50);
    expect(written + dropped).toBe(50);
  });

  it.skipIf(!existsSync("/dev/full"))("tells onFailure once when writing fails after the open", async () => {
    const failures: string[] = [];
    const log = TransportLog.open({ file: "/dev/full", onFailure: (m) => failures.push(m) });
    log.sent({ a: 1 });
    log.sent({ b: 2 });
    await log.close();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/cannot write the transport log/);
  });
});

describe("TransportLog redaction", () => {
  const TOKEN = 'tok-"S3cr3t\\value';

  it("never lets the token reach the file, however it travels", async () => {
    const log = TransportLog.open({ dir: freshDir(), secrets: [TOKEN, undefined] });
    log.event("connect", { url: "ws://h/ws", headers: { Authorization: `Bearer ${TOKEN}` } });
    log.sent({ type: "input", payload: { messages: [{ role: "user", content: `my token is ${TOKEN} ok` }] } });
    log.sent(JSON.stringify({ note: TOKEN }));
    // As the frame parser hands them over (`true`: already parsed as JSON), and the escaped one too.
    log.received(JSON.stringify({ type: "stream_delta", delta: { text: `echo ${TOKEN}` } }), true);
    log.received(`garbage ${TOKEN} garbage`);
    log.received(`{"escaped":"${JSON.stringify(TOKEN).slice(1, -1).replace("t", "\\u0074")}"}`, true);
    log.event("error", { error: new Error(`refused ${TOKEN}`) });
    log.event(`weird ${TOKEN}`);
    await log.close();
    const text = readFileSync(log.path!, "utf8");
    expect(text).not.toContain("S3cr3t");
    expect(text.split("\n").filter(Boolean)).toHaveLength(8);
    expect(text).toContain("my token is [redacted] ok");
    expect(lines(log.path)[6]).toMatchObject({ detail: { error: { name: "Error", message: "refused [redacted]" } } });
  });

  it("masks the password of any URL, and the session's URL password wherever it travels", async () => {
    const log = TransportLog.open({ dir: freshDir(), secrets: ["p%40ss-W0rd", "p@ss-W0rd"] });
    log.event("connect", { url: "ws://alice:p%40ss-W0rd@127.0.0.1:4500/ws" });
    log.event("connect_failed", { error: "Nothing is listening at ws://alice:p@ss-W0rd@10.0.0.1:4500/ws (connection refused)." });
    log.sent({ type: "input", payload: { messages: [{ role: "user", content: "clone https://bob:hunter2@git.example/r.git, pw p@ss-W0rd" }] } });
    log.received("not json: wss://carol:xyzzy@h/ws");
    await log.close();
    const text = readFileSync(log.path!, "utf8");
    for (const secret of ["p%40ss-W0rd", "p@ss-W0rd", "ss-W0rd", "hunter2", "xyzzy"]) expect(text).not.toContain(secret);
    expect(text).toContain("ws://alice:***@127.0.0.1:4500/ws");
    expect(text).toContain("ws://alice:***@10.0.0.1:4500/ws");
    expect(text).toContain("https://bob:***@git.example/r.git");
    expect(text).toContain("wss://carol:***@h/ws");
  });

  it("redacts sensitive keys anywhere in a frame, whatever their case or separator", async () => {
    const log = TransportLog.open({ dir: freshDir() });
    log.sent({ Token: "a", nested: [{ API_KEY: "b", apiKey: "c", "api-key": "d" }], deep: { Password: { x: 1 }, authorization: "e" }, tokens: 3 });
    log.received(JSON.stringify({ headers: { AUTHORIZATION: "Bearer f" }, prompt_tokens: 7 }), true);
    await log.close();
    const [sent, recv] = lines(log.path);
    expect(sent!.frame).toEqual({
      Token: "[redacted]",
      nested: [{ API_KEY: "[redacted]", apiKey: "[redacted]", "api-key": "[redacted]" }],
      deep: { Password: "[redacted]", authorization: "[redacted]" },
      tokens: 3,
    });
    expect(recv!.frame).toEqual({ headers: { AUTHORIZATION: "[redacted]" }, prompt_tokens: 7 });
  });

  it("a frame the parser already read is logged exactly as the careful way logs it, without re-reading it", async () => {
    // The fast path writes the received text as it came; it must redact exactly what parsing and
    // re-writing would: sensitive keys in any case or separator, secrets raw or escaped, URL
    // passwords, and keys or secrets spelt with \u escapes, or with the Kelvin sign (U+212A),
    // which lower-cases to an ASCII "k".
    const SECRET = 'S3cr"et';
    const key = fc.constantFrom("type", "text", "token", "Token", "API_KEY", "api-key", "apiKey", "pass_word", "prompt_tokens", "authorization", "tokens", "ESCAPED_TOKEN", "to\u212Aen");
    const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom(SECRET, `ws://u:${SECRET}@h/ws`, "https://bob:hunter2@h/x", "a\nb", "\u001b[31m", "中文"));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(key, tie("node"), { maxKeys: 3 })),
    })).node;
    const frame = fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 });
    const texts = fc.sample(frame, 300).map((f) => JSON.stringify(f).replaceAll('"ESCAPED_TOKEN"', '"\\u0074oken"'));
    const fast = TransportLog.open({ dir: freshDir(), secrets: [SECRET], now: () => new Date(0) });
    const careful = TransportLog.open({ dir: freshDir(), secrets: [SECRET], now: () => new Date(0) });
    // And with the bytes off the socket, which the log may write as they are.
    const bytes = TransportLog.open({ dir: freshDir(), secrets: [SECRET], now: () => new Date(0) });
    for (const t of texts) {
      fast.received(t, true);
      careful.received(t);
      bytes.received(t, true, Buffer.from(t));
    }
    await Promise.all([fast.close(), careful.close(), bytes.close()]);
    const a = lines(fast.path);
    expect(a).toHaveLength(texts.length);
    expect(a).toEqual(lines(careful.path));
    expect(lines(bytes.path)).toEqual(a);
    for (const file of [fast.path!, bytes.path!]) {
      const raw = readFileSync(file, "utf8");
      for (const s of ["S3cr", "hunter2"]) expect(raw).not.toContain(s);
    }
  });

  it("a frame the fast path vouched for (known keys) still loses every secret, raw, escaped or in a URL", async () => {
    const SECRET = 'S3cr"et';
    const chunk = (text: string) =>
      `{"type":"stream_delta","delta":{"id":"m1","message_type":"assistant_message","content":[{"type":"text","text":${text}}],"type":"message"},"runtime":{"agent_id":"a","conversation_id":"c"},"event_seq":1}`;
    const texts = [
      chunk(JSON.stringify(`echo ${SECRET}`)),
      chunk(JSON.stringify(`clone wss://u:${SECRET}@h/r and https://bob:hunter2@h/x`)),
      // The secret spelt with \u escapes: only a parse finds it.
      chunk(`"${JSON.stringify(SECRET).slice(1, -1).replace("S", "\\u0053")}"`),
      // A raw line break between tokens would split the NDJSON line.
      chunk('"ok"').replace('"event_seq":1', '"event_seq":\n1'),
    ];
    const fast = TransportLog.open({ dir: freshDir(), secrets: [SECRET], now: () => new Date(0) });
    const careful = TransportLog.open({ dir: freshDir(), secrets: [SECRET], now: () => new Date(0) });
    for (const t of texts) {
      fast.received(t, "known-keys", Buffer.from(t));
      careful.received(t);
    }
    await Promise.all([fast.close(), careful.close()]);
    expect(lines(fast.path)).toHaveLength(texts.length);
    expect(lines(fast.path)).toEqual(lines(careful.path));
    const raw = readFileSync(fast.path!, "utf8");
    for (const s of ["S3cr", "hunter2"]) expect(raw).not.toContain(s);
  });

  it("a frame that cannot be serialised is noted, not thrown", async () => {
    const log = TransportLog.open({ dir: freshDir() });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => log.sent(cyclic)).not.toThrow();
    log.sent({ n: 10n });
    await log.close();
    // A cycle is cut like a deep frame: the outer levels, and a note.
    expect(lines(log.path)).toMatchObject([{ dir: "send", depth_cut: { parts: 1 } }, { frame: { n: "10" } }]);
  });
});
