import { describe, expect, it } from "vitest";
import { DelayQueue, Pacer, SimulationStats, decayAt } from "./live";
import { Random } from "./random";

describe("decayAt", () => {
  it("stays at 0 until the start, ramps linearly, then holds at 1", () => {
    const schedule = { afterMs: 60_000, rampMs: 30_000 };
    expect(decayAt(0, schedule)).toBe(0);
    expect(decayAt(59_999, schedule)).toBe(0);
    expect(decayAt(75_000, schedule)).toBe(0.5);
    expect(decayAt(90_000, schedule)).toBe(1);
    expect(decayAt(1e9, schedule)).toBe(1);
    expect(decayAt(1e9, { afterMs: null, rampMs: 30_000 })).toBe(0);
    expect(decayAt(10, { afterMs: 10, rampMs: 0 })).toBe(1);
  });
});

describe("Pacer", () => {
  it("keeps the rate whatever the tick, splits big backlogs and skips a long stall", () => {
    const pacer = new Pacer(200, 0, 100);
    expect(pacer.due(0)).toBe(0);
    expect(pacer.due(250)).toBe(50);
    expect(pacer.due(300)).toBe(10);
    expect(pacer.due(1_000)).toBe(100); // 140 due, at most 100 a batch
    expect(pacer.due(1_000)).toBe(40);
    // Ten seconds of silence: only five seconds' worth (the backlog cap) is still sent.
    let sent = 0;
    for (let i = 0; i < 20; i++) sent += pacer.due(11_000);
    expect(sent).toBe(1_000);
  });
});

describe("DelayQueue", () => {
  it("hands items out oldest first once due, at most max at a time", () => {
    const queue = new DelayQueue<string>();
    queue.add("a", 10);
    queue.add("b", 20);
    queue.add("c", 30);
    expect(queue.takeDue(5, 10)).toEqual([]);
    expect(queue.takeDue(25, 1)).toEqual(["a"]);
    expect(queue.takeDue(25, 10)).toEqual(["b"]);
    expect(queue.size).toBe(1);
    expect(queue.takeDue(100, 10)).toEqual(["c"]);
    expect(queue.size).toBe(0);
  });
});

describe("SimulationStats", () => {
  it("reports the positive share or mean since the last window", () => {
    const stats = new SimulationStats();
    stats.observe({ label: "spam" }, "spam");
    stats.observe({ label: "ham" }, "spam");
    expect(stats.takeWindow()).toMatchObject({ count: 2, positiveShare: 0.5 });
    expect(stats.takeWindow()).toEqual({ count: 0, positiveShare: null, mean: null });
    stats.observe({ value: 10 }, null);
    stats.observe({ value: 20 }, null);
    expect(stats.takeWindow().mean).toBe(15);
  });
});

describe("Random", () => {
  it("replays the same stream for the same seed", () => {
    const draw = (seed: number) => {
      const random = new Random(seed);
      return [random.next(), random.normal(), random.poisson(3), random.pick([["a", 1], ["b", 2]] as const)];
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it("has the moments it claims", () => {
    const random = new Random(1);
    const n = 20_000;
    const normals = Array.from({ length: n }, () => random.normal(5, 2));
    const mean = normals.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(normals.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(5, 1);
    expect(sd).toBeCloseTo(2, 1);
    const counts = Array.from({ length: n }, () => random.poisson(4));
    expect(counts.reduce((a, b) => a + b, 0) / n).toBeCloseTo(4, 1);
    const picks = Array.from({ length: n }, () => random.pick([["a", 1], ["b", 3], ["never", 0]] as const));
    expect(picks.filter((p) => p === "b").length / n).toBeCloseTo(0.75, 1);
    expect(picks).not.toContain("never");
  });
});
