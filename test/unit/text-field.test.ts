import type { Key } from "ink";
import { describe, expect, it } from "vitest";
import { edit } from "../../src/ui/components/TextField.js";

const none: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
} as Key;
const k = (over: Partial<Key>): Key => ({ ...none, ...over });
const field = (value: string, cursor = value.length) => ({ value, cursor });

describe("TextField editing", () => {
  it("inserts at the cursor and moves it", () => {
    expect(edit(field("helo", 3), "l", none)).toEqual({ kind: "field", field: { value: "hello", cursor: 4 } });
  });
  it("never inserts control chords: they belong to the keymap", () => {
    expect(edit(field("ab"), "t", k({ ctrl: true }))).toEqual({ kind: "none" });
    expect(edit(field("ab"), "r", k({ ctrl: true }))).toEqual({ kind: "none" });
    expect(edit(field("ab"), "", k({ escape: true }))).toEqual({ kind: "none" });
  });
  it("deletes left, by word, and to the start", () => {
    expect(edit(field("abc"), "", k({ backspace: true }))).toEqual({ kind: "field", field: { value: "ab", cursor: 2 } });
    expect(edit(field("ab", 0), "", k({ backspace: true }))).toEqual({ kind: "none" });
    expect(edit(field("run the tests"), "w", k({ ctrl: true }))).toEqual({ kind: "field", field: { value: "run the ", cursor: 8 } });
    expect(edit(field("abc def", 4), "u", k({ ctrl: true }))).toEqual({ kind: "field", field: { value: "def", cursor: 0 } });
  });
  it("moves with arrows, Home/End and Ctrl+A/E", () => {
    expect(edit(field("abc", 1), "", k({ leftArrow: true }))).toMatchObject({ field: { cursor: 0 } });
    expect(edit(field("abc", 3), "", k({ rightArrow: true }))).toMatchObject({ field: { cursor: 3 } });
    expect(edit(field("abc", 2), "a", k({ ctrl: true }))).toMatchObject({ field: { cursor: 0 } });
    expect(edit(field("abc", 0), "e", k({ ctrl: true }))).toMatchObject({ field: { cursor: 3 } });
  });
  it("submits on Enter, and on a typed burst that ends in Enter", () => {
    expect(edit(field("hi"), "", k({ return: true }))).toBe("submit");
    expect(edit(field(""), "hello\r", none)).toEqual({ kind: "submit-after", text: "hello" });
  });
  it("turns pasted line breaks into spaces instead of sending each line", () => {
    expect(edit(field(""), "a\nb\r\nc", none)).toEqual({ kind: "field", field: { value: "a b c", cursor: 5 } });
  });
  it("strips control characters from pasted text", () => {
    expect(edit(field(""), "a\u0007b\u001b[31mc", none)).toMatchObject({ field: { value: "ab[31mc" } });
  });
});
