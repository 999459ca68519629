import { describe, expect, it } from "vitest";
import { z } from "zod";
import { findUnstorableText, isStorableText, storableText, unstorableTextProblem } from "./storable-text";

describe("text PostgreSQL can store", () => {
  it("refuses NUL and unpaired surrogates, and takes every other code point", () => {
    for (const bad of ["\0", "a\u0000b", "\ud800", "x\udfff", "\udc00\ud800", "\ud83d"]) expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ["", "plain", "\ud83d\ude00", "\ufffd", "\uffff", "\u2028", "\u0001", "日本語", "\\0", "%00"]) expect(isStorableText(good), JSON.stringify(good)).toBe(true);
    expect(unstorableTextProblem("a\0")).toMatch(/NUL/);
    expect(unstorableTextProblem("a\ud800")).toMatch(/surrogates/);
  });

  it("as a zod check, beside the schema's own checks", () => {
    const name = storableText(z.string().min(1).max(5));
    expect(name.safeParse("ok").success).toBe(true);
    expect(name.safeParse("a\0").error?.issues.map((i) => i.message)).toEqual([expect.stringMatching(/NUL/)]);
    expect(z.record(storableText(z.string()), z.number()).safeParse({ "k\ud800": 1 }).success).toBe(false);
  });

  it("finds the first bad string or key anywhere in a value, with its path, however deep", () => {
    expect(findUnstorableText({ a: ["ok", { b: "x\0" }] })).toEqual({ path: "a.1.b", message: expect.stringMatching(/NUL/) });
    expect(findUnstorableText({ defs: { ["k\0ey"]: 1 } })).toEqual({ path: "defs.k\\u0000ey", message: expect.stringMatching(/^its field names/) });
    expect(findUnstorableText("\udc00")).toEqual({ path: "", message: expect.stringMatching(/surrogates/) });
    expect(findUnstorableText({ fine: ["\ud83d\ude00", 1, null, true, new Date(0)] })).toBeNull();
    // Nested far past the call stack's depth: the walk keeps its own stack.
    let deep: unknown = "\0";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.message).toMatch(/NUL/);
  });
});
