import { describe, expect, it } from "vitest";
import { tickOf } from "./tick";

describe("tickOf", () => {
  it("gives every job created within one minute the same tick, and the next minute the next", () => {
    const tick = new Date("2026-11-27T12:00:00.000Z");
    expect(tickOf(new Date("2026-11-27T12:00:00.000Z"))).toEqual(tick);
    expect(tickOf(new Date("2026-11-27T12:00:59.999Z"))).toEqual(tick);
    expect(tickOf(new Date("2026-11-27T12:01:00.000Z"))).toEqual(new Date("2026-11-27T12:01:00.000Z"));
  });
});
