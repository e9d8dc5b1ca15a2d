import type { Key } from "ink";
import { describe, expect, it } from "vitest";
import { edit } from "../../src/ui/components/textEdit.js";

const none = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
} as Key;
const k = (over: Partial<Key>): Key => ({ ...none, ...over });
const field = (value: string, cursor = value.length) => ({ value, cursor });
const to = (value: string, cursor: number) => ({ kind: "field", field: { value, cursor } });

describe("text editing", () => {
  it("inserts at the cursor and moves it", () => {
    expect(edit(field("helo", 3), "l", none)).toEqual(to("hello", 4));
  });
  it("never inserts control chords: they belong to the keymap", () => {
    expect(edit(field("ab"), "t", k({ ctrl: true }))).toEqual({ kind: "none" });
    expect(edit(field("ab"), "r", k({ ctrl: true }))).toEqual({ kind: "none" });
    expect(edit(field("ab"), "", k({ escape: true }))).toEqual({ kind: "none" });
  });
  it("deletes left, by word, and to the start of the line", () => {
    expect(edit(field("abc"), "", k({ backspace: true }))).toEqual(to("ab", 2));
    expect(edit(field("ab", 0), "", k({ backspace: true }))).toEqual({ kind: "none" });
    expect(edit(field("run the tests"), "w", k({ ctrl: true }))).toEqual(to("run the ", 8));
    expect(edit(field("abc def", 4), "u", k({ ctrl: true }))).toEqual(to("def", 0));
    expect(edit(field("one\ntwo three", 8), "u", k({ ctrl: true }))).toEqual(to("one\nthree", 4));
  });
  it("moves with arrows, Home/End and Ctrl+A/E within the line", () => {
    expect(edit(field("abc", 1), "", k({ leftArrow: true }))).toEqual(to("abc", 0));
    expect(edit(field("abc", 3), "", k({ rightArrow: true }))).toEqual(to("abc", 3));
    expect(edit(field("ab\ncd", 4), "a", k({ ctrl: true }))).toEqual(to("ab\ncd", 3));
    expect(edit(field("ab\ncd", 0), "e", k({ ctrl: true }))).toEqual(to("ab\ncd", 2));
  });
  it("submits on Enter, and on a typed burst that ends in Enter", () => {
    expect(edit(field("hi"), "", k({ return: true }))).toEqual({ kind: "submit", text: "hi" });
    expect(edit(field(""), "hello\r", none)).toEqual({ kind: "submit", text: "hello" });
  });
  it("starts a new line on Alt+Enter and Ctrl+J", () => {
    expect(edit(field("a"), "", k({ return: true, meta: true }))).toEqual(to("a\n", 2));
    expect(edit(field("a"), "\n", none)).toEqual(to("a\n", 2));
  });
  it("keeps the lines of a paste and sends nothing", () => {
    expect(edit(field(""), "a\rb\r\nc\r", none)).toEqual(to("a\nb\nc", 5));
  });
  it("strips control characters from pasted text", () => {
    expect(edit(field(""), "a\u0007b\u001b[31mc", none)).toEqual(to("ab[31mc", 7));
  });
  it("moves between lines keeping the column, and walks history at the edges", () => {
    expect(edit(field("abcd\nef", 7), "", k({ upArrow: true }))).toEqual(to("abcd\nef", 2));
    expect(edit(field("ab\ncdef", 1), "", k({ downArrow: true }))).toEqual(to("ab\ncdef", 4));
    expect(edit(field("ab\ncd", 1), "", k({ upArrow: true }))).toEqual({ kind: "history", direction: -1 });
    expect(edit(field("ab\ncd", 4), "", k({ downArrow: true }))).toEqual({ kind: "history", direction: 1 });
  });
});
