import { describe, expect, it } from "vitest";
import { classShortcut, isTypingTarget, reasonShortcut, shortcutFor, type KeyboardState } from "./keyboard";

const answering: KeyboardState = { phase: "answer", classes: ["ham", "spam"] };
const press = (key: string, extra: Partial<Parameters<typeof shortcutFor>[0]> = {}) => ({ key, inField: false, ...extra });

describe("the labelling keyboard", () => {
  it("chooses a class with 1–9, in the order the buttons show", () => {
    expect(shortcutFor(press("1"), answering)).toEqual({ type: "label", label: "ham" });
    expect(shortcutFor(press("2"), answering)).toEqual({ type: "label", label: "spam" });
    expect(shortcutFor(press("3"), answering)).toBeNull();
    expect(shortcutFor(press("0"), answering)).toBeNull();
    const many = { phase: "answer" as const, classes: Array.from({ length: 12 }, (_, i) => `c${i}`) };
    expect(shortcutFor(press("9"), many)).toEqual({ type: "label", label: "c8" });
    expect([0, 8, 9].map(classShortcut)).toEqual(["1", "9", null]);
  });

  it("skips with S and undoes with U, in either case", () => {
    expect(shortcutFor(press("s"), answering)).toEqual({ type: "skip" });
    expect(shortcutFor(press("S"), answering)).toEqual({ type: "skip" });
    expect(shortcutFor(press("u"), answering)).toEqual({ type: "undo" });
    expect(shortcutFor(press("U"), answering)).toEqual({ type: "undo" });
  });

  it("does nothing while the person types in a field, except Escape, which leaves it", () => {
    for (const key of ["1", "s", "u"]) expect(shortcutFor(press(key, { inField: true }), answering)).toBeNull();
    expect(shortcutFor(press("Escape", { inField: true }), answering)).toEqual({ type: "leaveField" });
    expect(shortcutFor(press("Escape"), answering)).toBeNull();
  });

  it("leaves browser shortcuts and held keys alone", () => {
    expect(shortcutFor(press("s", { ctrlKey: true }), answering)).toBeNull();
    expect(shortcutFor(press("u", { metaKey: true }), answering)).toBeNull();
    expect(shortcutFor(press("1", { altKey: true }), answering)).toBeNull();
    expect(shortcutFor(press("1", { repeat: true }), answering)).toBeNull();
  });

  it("chooses a skip reason with 1–3 while skipping, and goes back with Escape", () => {
    const skipping: KeyboardState = { phase: "skip", classes: ["ham", "spam"] };
    expect(shortcutFor(press("1"), skipping)).toEqual({ type: "reason", reason: "cannot_judge" });
    expect(shortcutFor(press("2"), skipping)).toEqual({ type: "reason", reason: "unclear_input" });
    expect(shortcutFor(press("3"), skipping)).toEqual({ type: "reason", reason: "other" });
    expect(shortcutFor(press("4"), skipping)).toBeNull();
    expect(shortcutFor(press("u"), skipping)).toBeNull();
    expect(shortcutFor(press("Escape"), skipping)).toEqual({ type: "cancel" });
    expect(shortcutFor(press("Escape", { inField: true }), skipping)).toEqual({ type: "cancel" });
    expect(reasonShortcut("other")).toBe("3");
  });

  it("only undoes when there is no item (an empty queue)", () => {
    const idle: KeyboardState = { phase: "idle", classes: ["ham", "spam"] };
    expect(shortcutFor(press("u"), idle)).toEqual({ type: "undo" });
    expect(shortcutFor(press("1"), idle)).toBeNull();
    expect(shortcutFor(press("s"), idle)).toBeNull();
  });

  it("knows which elements take typing", () => {
    expect(isTypingTarget({ tagName: "INPUT", type: "number" })).toBe(true);
    expect(isTypingTarget({ tagName: "input" })).toBe(true);
    expect(isTypingTarget({ tagName: "TEXTAREA" })).toBe(true);
    expect(isTypingTarget({ tagName: "SELECT" })).toBe(true);
    expect(isTypingTarget({ tagName: "DIV", isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: "BUTTON" })).toBe(false);
    expect(isTypingTarget({ tagName: "INPUT", type: "radio" })).toBe(false);
    expect(isTypingTarget({ tagName: "BODY" })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
