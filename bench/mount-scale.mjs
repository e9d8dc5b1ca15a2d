// Mounting, switching to and holding a long transcript. Finished items are printed into
// <Static> once; a view that printed the whole archive in one commit took ~5 s for 10 000 items
// and 90-107 s (4.2 GB) for 100 000. Also the cost of one new item as the archive grows: its key
// is looked up in the archive several times on the way in.
// Drives the real App from dist/ through Ink with a fake terminal (see fake-terminal.mjs).
process.env.NODE_ENV ??= "production";
const { performance } = await import("node:perf_hooks");
const { createStore } = await import("../dist/store/store.js");
const { reduce } = await import("../dist/store/reducer.js");
const { parseFrame } = await import("../dist/protocol/parse.js");
const { initialState } = await import("../dist/store/state.js");
const { settle } = await import("../dist/store/archive.js");
const { renderApp, loopDelay } = await import("./fake-terminal.mjs");

const scopeOf = (name) => ({ agent_id: "a", conversation_id: name });
const frame = (f) => ({ type: "frame", parsed: parseFrame(JSON.stringify(f)) });
let seq = 0;

const built = new Map();
/** A state with one runtime per name, each holding `n` finished items (built once: states never change). */
function stateWith(runtimes) {
  const id = JSON.stringify(runtimes);
  if (!built.has(id)) built.set(id, buildState(runtimes));
  return built.get(id);
}

function buildState(runtimes) {
  let s = initialState("ws://bench");
  for (const [name, n] of runtimes) {
    s = reduce(s, frame({ type: "runtime_start_response", request_id: `r-${name}`, success: true, runtime: scopeOf(name) }));
    const key = Object.keys(s.runtimes).find((k) => s.runtimes[k].scope.conversation_id === name);
    let t = s.runtimes[key].transcript;
    const items = {};
    const order = [];
    for (let i = 0; i < n; i++) {
      const it =
        i % 2 === 0
          ? { kind: "user", key: `user:${name}-${i}`, text: `message ${i}`, state: "started", done: true }
          : { kind: "assistant", key: `assistant:${name}-${i}`, text: `reply **${i}** with \`code\` and more words `.repeat(3), done: true };
      items[it.key] = it;
      order.push(it.key);
      if (order.length === 256 || i === n - 1) {
        t = settle({ ...t, order: order.splice(0), items: { ...items } });
        for (const k of Object.keys(items)) delete items[k];
      }
    }
    s = { ...s, runtimes: { ...s.runtimes, [key]: { ...s.runtimes[key], transcript: t } } };
  }
  return s;
}

function mountApp(store) {
  let resolveFrame;
  let frames = 0;
  const { app, terminal } = renderApp(store, () => {
    frames++;
    resolveFrame?.();
  });
  const nextFrame = () => new Promise((r) => (resolveFrame = r));
  return { app, terminal, nextFrame, frames: () => frames };
}

/** ms from render() to the first frame, and the bytes it wrote, with `n` items in the active runtime. */
async function mount(n) {
  const store = createStore(stateWith([["big", n]]));
  global.gc?.();
  const t0 = performance.now();
  const ui = mountApp(store);
  if (ui.frames() === 0) await ui.nextFrame();
  const ms = performance.now() - t0;
  const bytes = ui.terminal.bytes;
  ui.app.unmount();
  return { ms, bytes };
}

/** ms from the switch to the first frame of a runtime holding `n` items, and the longest block. */
export async function switchTo(n) {
  const store = createStore(stateWith([["small", 10], ["big", n]]));
  const ui = mountApp(store);
  if (ui.frames() === 0) await ui.nextFrame();
  const big = Object.keys(store.getState().runtimes).find((k) => store.getState().runtimes[k].scope.conversation_id === "big");
  global.gc?.(); // the garbage of building the state is not the switch's
  let ms = 0;
  const delay = await loopDelay(async () => {
    const t0 = performance.now();
    const shown = ui.nextFrame();
    store.dispatch({ type: "activate", key: big });
    await shown;
    ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100)); // whatever it prints after its first frame
  });
  ui.app.unmount();
  return { ms, max: delay.max };
}

/** Mean µs to dispatch one new turn (message, accepted, reply deltas, finish) into `n` items. */
export function newItem(n, turns) {
  const store = createStore(stateWith([["big", n]]));
  const scope = scopeOf("big");
  const send = (i) => {
    store.dispatch({ type: "message_sent", scope, requestId: `in-${i}`, clientMessageId: `cm-${i}`, text: `message ${i}` });
    store.dispatch(frame({ type: "input_accepted", request_id: `in-${i}`, runtime: scope, accepted: true, disposition: "started" }));
    for (let d = 0; d < 5; d++) {
      store.dispatch(frame({ type: "stream_delta", runtime: scope, event_seq: ++seq, delta: { type: "message", message_type: "assistant_message", id: `as-${i}`, content: `part ${d} ` } }));
    }
    store.dispatch(frame({ type: "turn_finished", runtime: scope, event_seq: ++seq, stop_reason: "end_turn" }));
  };
  for (let i = 0; i < 20; i++) send(`w${i}`); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < turns; i++) send(i);
  return ((performance.now() - t0) * 1000) / turns;
}

/**
 * RSS of a fresh process holding `n` items with the App mounted on them, after a full GC: in
 * this process, what earlier cases allocated would count too.
 */
async function rssHeld(n) {
  const { execFileSync } = await import("node:child_process");
  const out = execFileSync(process.execPath, ["--expose-gc", new URL(import.meta.url).pathname, "--rss", String(n)], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1));
}

async function rssChild(n) {
  const store = createStore(stateWith([["big", n]]));
  const ui = mountApp(store);
  await new Promise((r) => setTimeout(r, 500)); // the tail printed
  global.gc();
  const { rss, heapUsed } = process.memoryUsage();
  ui.app.unmount();
  return { rss, heapUsed };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run({ quick = false } = {}) {
  const rows = [];
  const sizes = quick ? [100, 10_000] : [100, 10_000, 100_000];
  const rounds = 3;
  // Interleaved rounds: each size once per round, medians reported.
  const per = new Map(sizes.map((n) => [n, { item: [] }]));
  for (let r = 0; r < rounds; r++) for (const n of sizes) per.get(n).item.push(newItem(n, quick ? 100 : 1000));
  const base = median(per.get(sizes[0]).item);
  for (const n of sizes) {
    const v = median(per.get(n).item);
    rows.push({ topic: "mount", case: `new turn into ${n.toLocaleString("en-US")} items`, value: +v.toFixed(1), unit: "µs", ratio: +(v / base).toFixed(2), note: "message + 5 deltas + finish, via the store" });
  }
  await mount(10); // the first App mount compiles the screen's code: not part of any length's cost
  let first;
  for (const n of sizes) {
    const m = await mount(n);
    first ??= m.ms;
    rows.push({ topic: "mount", case: `first frame, ${n.toLocaleString("en-US")} items`, value: +m.ms.toFixed(1), unit: "ms", ratio: +(m.ms / first).toFixed(2), note: `${Math.round(m.bytes / 1024)} KB written` });
  }
  // A fresh process per length: a second or more each, so not in a quick run.
  for (const n of quick ? [] : sizes) {
    const m = await rssHeld(n);
    rows.push({ topic: "mount", case: `RSS, ${n.toLocaleString("en-US")} items held`, value: Math.round(m.rss / 2 ** 20), unit: "MB", note: `heap ${Math.round(m.heapUsed / 2 ** 20)} MB, fresh process after GC` });
  }
  for (const n of quick ? sizes.slice(-1) : sizes) {
    const s = await switchTo(n);
    rows.push({ topic: "mount", case: `switch to ${n.toLocaleString("en-US")} items`, value: +s.ms.toFixed(1), unit: "ms", note: `longest block ${s.max.toFixed(0)} ms` });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === "--rss") {
  console.log(JSON.stringify(await rssChild(Number(process.argv[3]))));
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await run({ quick: process.argv.includes("--quick") }));
}
