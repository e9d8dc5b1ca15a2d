#!/usr/bin/env node
/**
 * A scripted stand-in for a llama.cpp server, so the real Letta Code App Server can run turns
 * offline and deterministically. Tests steer it with directives in the latest user message
 * (see RECIPE.md §4): `[[bash:CMD]]`, `[[write:PATH|CONTENT]]`, `[[tool:NAME|{json}]]`,
 * `[[slow:SECS]]`, `[[text:REPLY]]`; no directive answers "pong", and a trailing tool result
 * ends the turn with "Tool finished. Result: ...". Two more reveal what the server did:
 * `[[model:PREFIX]]` answers PREFIX followed by the model the request named (a model switch
 * shows in the next turn), and `[[usage:N]]` reports N prompt tokens for the call (the context
 * figure the server passes on in usage_statistics). `[[parts:]]` answers with the content parts
 * of the user message it was given ("parts: text, image/png 68 bytes"): whether an image
 * reached the model. The server sends images only to a model whose /props says it has vision:
 * `startScriptedModel({ vision: true })` (and `startLettaServer({ vision: true })`) says so.
 */
import { createServer } from "node:http";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const MODEL_ID = "fake-model";
// A second model, so that switching models is something a test can see (the `model` directive).
const OTHER_MODEL_ID = "fake-model-b";
const MODEL_LIST = {
  object: "list",
  data: [
    { id: MODEL_ID, object: "model", owned_by: "fake" },
    { id: OTHER_MODEL_ID, object: "model", owned_by: "fake" },
  ],
};
// The server sizes its context budget from this; 131072 matches what the recordings used.
const propsFor = (vision) => ({
  default_generation_settings: { n_ctx: 131072, params: { n_ctx: 131072 } },
  n_ctx: 131072,
  model_path: `/models/${MODEL_ID}.gguf`,
  modalities: { vision, audio: false },
});
const KINDS = ["bash", "write", "tool", "slow", "text", "model", "usage", "parts"];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Message content arrives either as a string or as OpenAI content parts; directives may sit in any text part. */
function textOf(content) {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((p) => (typeof p === "string" ? p : typeof p?.text === "string" ? p.text : "")).join("\n");
  }
  return content == null ? "" : String(content);
}

/**
 * Finds directives in order. A body ends at the first `]]` that makes it valid, so JSON
 * arguments that themselves contain `]]` (nested arrays) still parse.
 */
export function parseDirectives(text) {
  const out = [];
  const re = new RegExp(`\\[\\[(${KINDS.join("|")}):`, "g");
  let m;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    let end = text.indexOf("]]", start);
    let directive = null;
    while (end !== -1 && !directive) {
      directive = toDirective(m[1], text.slice(start, end));
      if (!directive) end = text.indexOf("]]", end + 1);
    }
    if (!directive) continue;
    out.push(directive);
    re.lastIndex = end + 2;
  }
  return out;
}

function toDirective(kind, body) {
  const bar = body.indexOf("|");
  switch (kind) {
    case "bash":
      return { kind: "call", name: "Bash", args: { command: body, description: "scripted by fake-llm" } };
    case "write":
      if (bar < 0) return null;
      return { kind: "call", name: "Write", args: { file_path: body.slice(0, bar), content: body.slice(bar + 1) } };
    case "tool": {
      const name = (bar < 0 ? body : body.slice(0, bar)).trim();
      if (!name) return null;
      if (bar < 0) return { kind: "call", name, args: {} };
      try {
        return { kind: "call", name, args: JSON.parse(body.slice(bar + 1)) };
      } catch {
        return null;
      }
    }
    case "slow": {
      const secs = Number(body);
      return Number.isFinite(secs) && secs >= 0 ? { kind: "slow", secs } : null;
    }
    case "text":
      return { kind: "text", text: body };
    case "model":
      return { kind: "model", prefix: body };
    case "usage": {
      const tokens = Number(body);
      return Number.isInteger(tokens) && tokens >= 0 ? { kind: "usage", tokens } : null;
    }
    case "parts":
      return { kind: "parts" };
  }
  return null;
}

/**
 * "parts: text, image/png 68 bytes": each content part of a message as the model got it (an
 * OpenAI image_url part is a data URL; its bytes are counted). A string content is one text part;
 * a text part saying the server left an image out is named so.
 */
export function partsSummary(content) {
  const parts = typeof content === "string" ? [{ type: "text", text: content }] : Array.isArray(content) ? content : [];
  const one = (p) => {
    if (p?.type === "text") return /\(image omitted[^)]*\)/.test(p.text ?? "") ? "text (image omitted)" : "text";
    if (p?.type === "image_url") {
      const m = /^data:([^;,]+);base64,(.*)$/s.exec(String(p.image_url?.url ?? ""));
      return m ? `${m[1]} ${Buffer.from(m[2], "base64").length} bytes` : "image_url (not a data URL)";
    }
    return String(p?.type ?? typeof p);
  };
  return `parts: ${parts.map(one).join(", ")}`;
}

/**
 * Decides the whole answer before streaming, so the stream:true and stream:false paths agree.
 * A trailing run of tool messages means the client just executed our calls: end the turn,
 * otherwise the unchanged directive in the user message would call the tools forever.
 */
export function planResponse(body) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const tail = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]?.role === "tool"; i--) tail.unshift(messages[i]);
  if (tail.length) {
    return { kind: "text", text: `Tool finished. Result: ${tail.map((m) => textOf(m.content)).join("\n")}` };
  }
  const lastUser = [...messages].reverse().find((m) => m?.role === "user");
  const directives = parseDirectives(textOf(lastUser?.content));
  // Usage is not an answer: it rides along with whatever the other directives ask for.
  const usage = directives.find((d) => d.kind === "usage");
  const withUsage = (plan) => (usage ? { ...plan, promptTokens: usage.tokens } : plan);
  const calls = directives.filter((d) => d.kind === "call");
  if (calls.length) return withUsage({ kind: "calls", calls });
  const first = directives.find((d) => d.kind !== "usage");
  if (first?.kind === "slow") return withUsage(first);
  if (first?.kind === "text") return withUsage(first);
  if (first?.kind === "model") return withUsage({ kind: "text", text: `${first.prefix}${String(body?.model)}` });
  if (first?.kind === "parts") return withUsage({ kind: "text", text: partsSummary(lastUser?.content) });
  return withUsage({ kind: "text", text: "pong" });
}

/** Word-sized chunks that keep their trailing spaces, like a real tokenizer stream. */
function wordChunks(text) {
  return text.match(/\S+\s*|\s+/g) ?? [""];
}

/** Starts the fake model; `requests` collects every parsed chat-completions body, in order. */
export function startScriptedModel({ host = "127.0.0.1", port = 0, vision = false } = {}) {
  const PROPS = propsFor(vision);
  const requests = [];
  // Completions whose answer was written to the end, in order (a test can wait for one).
  const finished = [];
  let callBatch = 0;
  let completionSeq = 0;

  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const sendJson = (status, obj) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(obj));
    };
    try {
      if (req.method === "GET" && (path === "/models" || path === "/v1/models")) return sendJson(200, MODEL_LIST);
      if (req.method === "GET" && (path === "/props" || path === "/v1/props")) return sendJson(200, PROPS);
      if (req.method === "GET" && (path === "/health" || path === "/v1/health")) return sendJson(200, { status: "ok" });
      if (req.method !== "POST" || (path !== "/v1/chat/completions" && path !== "/chat/completions")) {
        return sendJson(404, { error: { message: `not found: ${req.method} ${path}`, type: "not_found" } });
      }
      let raw = "";
      for await (const chunk of req) raw += chunk;
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        return sendJson(400, { error: { message: "invalid JSON body", type: "invalid_request_error" } });
      }
      requests.push(body);
      const plan = planResponse(body);
      const ids = plan.kind === "calls" ? plan.calls.map((_, i) => `call_fake_${callBatch + 1}_${i}`) : [];
      if (plan.kind === "calls") callBatch++;
      const id = `chatcmpl-fake-${++completionSeq}`;
      const created = Math.floor(Date.now() / 1000);
      const promptTokens = plan.promptTokens ?? Math.ceil(raw.length / 4);
      if (body.stream) await streamAnswer(req, res, { id, created, plan, ids, promptTokens });
      else sendJson(200, plainAnswer({ id, created, plan, ids, promptTokens }));
      if (res.writableEnded) finished.push(id);
    } catch (err) {
      if (!res.headersSent) sendJson(500, { error: { message: String(err?.message ?? err) } });
      else res.destroy();
    }
  });

  return new Promise((resolveStart, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolveStart({
        url: `http://${host}:${actual}`,
        port: actual,
        requests,
        finished,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}

function plainAnswer({ id, created, plan, ids, promptTokens }) {
  const message = { role: "assistant", content: null };
  let finish = "stop";
  if (plan.kind === "calls") {
    message.tool_calls = plan.calls.map((c, i) => ({
      id: ids[i],
      type: "function",
      function: { name: c.name, arguments: JSON.stringify(c.args) },
    }));
    finish = "tool_calls";
  } else if (plan.kind === "slow") {
    message.content = Array.from({ length: Math.floor(plan.secs * 4) }, (_, i) => `tick${i + 1}`).join(" ");
  } else message.content = plan.text;
  return {
    id,
    object: "chat.completion",
    created,
    model: MODEL_ID,
    choices: [{ index: 0, message, finish_reason: finish }],
    usage: { prompt_tokens: promptTokens, completion_tokens: 10, total_tokens: promptTokens + 10 },
  };
}

async function streamAnswer(req, res, { id, created, plan, ids, promptTokens }) {
  let gone = false;
  res.on("close", () => (gone = !res.writableFinished));
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const frame = (choices, extra = {}) =>
    res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: MODEL_ID, choices, ...extra })}\n\n`);
  const delta = (d, finish = null) => frame([{ index: 0, delta: d, finish_reason: finish }]);

  delta({ role: "assistant", content: "" });
  let finish = "stop";
  let completion = 0;
  if (plan.kind === "calls") {
    plan.calls.forEach((c, i) => {
      delta({
        tool_calls: [{ index: i, id: ids[i], type: "function", function: { name: c.name, arguments: JSON.stringify(c.args) } }],
      });
    });
    finish = "tool_calls";
    completion = 10 * plan.calls.length;
  } else if (plan.kind === "slow") {
    const ticks = Math.floor(plan.secs * 4);
    for (let i = 1; i <= ticks && !gone; i++) {
      delta({ content: i === 1 ? `tick${i}` : ` tick${i}` });
      completion++;
      await sleep(250);
    }
  } else {
    for (const piece of wordChunks(plan.text)) {
      if (gone) break;
      delta({ content: piece });
      completion++;
      await sleep(10);
    }
  }
  if (gone) return;
  delta({}, finish);
  frame([], { usage: { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion } });
  res.end("data: [DONE]\n\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argAfter = (flag) => {
    const i = process.argv.indexOf(flag);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const model = await startScriptedModel({ host: argAfter("--host") ?? "127.0.0.1", port: Number(argAfter("--port") ?? 0) });
  process.stdout.write(`listening ${model.url}\n`);
  const shutdown = () => model.close().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
