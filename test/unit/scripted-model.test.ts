import { describe, expect, it } from "vitest";
import { planResponse } from "../../scripts/harness/scripted-model.mjs";

// The scripted model's directives that reveal what the server did (scripts/harness/scripted-model.mjs).

const asked = (text: string, model = "fake-model-b") => planResponse({ model, messages: [{ role: "system", content: "sys" }, { role: "user", content: text }] });

describe("the scripted model's directives", () => {
  it("[[model:PREFIX]] answers with the model the request named", () => {
    expect(asked("[[model:served by ]]")).toEqual({ kind: "text", text: "served by fake-model-b" });
    expect(asked("[[model:]]", "fake-model")).toEqual({ kind: "text", text: "fake-model" });
  });
  it("[[usage:N]] rides along with any answer as its prompt tokens", () => {
    expect(asked("[[usage:105000]]")).toEqual({ kind: "text", text: "pong", promptTokens: 105000 });
    expect(asked("[[usage:7]] [[text:hi]]")).toEqual({ kind: "text", text: "hi", promptTokens: 7 });
    expect(asked("[[bash:ls]] [[usage:9]]")).toMatchObject({ kind: "calls", promptTokens: 9 });
    // Not a count: no directive at all.
    expect(asked("[[usage:lots]]")).toEqual({ kind: "text", text: "pong" });
  });
});

describe("[[parts:]]: what a message's content parts were when the model got them", () => {
  const png = Buffer.alloc(68, 1).toString("base64");
  const plan = (content: unknown) => planResponse({ model: "fake-model", messages: [{ role: "user", content }] });
  it("names text parts and counts an image's bytes from its data URL", () => {
    expect(plan([{ type: "text", text: "look [[parts:]]" }, { type: "image_url", image_url: { url: `data:image/png;base64,${png}` } }])).toEqual({ kind: "text", text: "parts: text, image/png 68 bytes" });
  });
  it("a string is one text part; the server's note for a left-out image is named", () => {
    expect(plan("[[parts:]]")).toEqual({ kind: "text", text: "parts: text" });
    expect(plan([{ type: "text", text: "[[parts:]]" }, { type: "text", text: "(image omitted: model does not support images)" }])).toEqual({ kind: "text", text: "parts: text, text (image omitted)" });
  });
});
