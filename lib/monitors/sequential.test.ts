import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/stats/seeded-random";
import { advanceSequential, designSequential, startSequential, type HourOfRate } from "./sequential";

const design = designSequential({ baseline: 0.9, shift: 0.05, direction: "below", hourlyTrials: 100, falseAlarmDays: 30 });
const hourAt = (i: number, successes: number, trials = 100): HourOfRate => ({ start: new Date(Date.UTC(2026, 0, 1, i)).toISOString(), trials, successes });

describe("designSequential", () => {
  it("states about a month between false alarms and a delay of hours for a 5-point drop at 100 an hour", () => {
    expect(design.falseAlarmHours).toBeGreaterThanOrEqual(30 * 24);
    expect(design.falseAlarmHours).toBeLessThan(30 * 24 * 1.5);
    expect(design.delayHours).toBeGreaterThan(1);
    expect(design.delayHours).toBeLessThan(12);
  });

  it("splits a band's false alarms between its sides", () => {
    const band = designSequential({ baseline: 0.3, shift: 0.05, direction: "outside", hourlyTrials: 200, falseAlarmDays: 10 });
    expect(band.falseAlarmHours).toBeGreaterThanOrEqual(240 * 0.95);
    expect(band.falseAlarmHours).toBeLessThan(240 * 1.5);
  });
});

describe("the stated false-alarm rate under a daily cycle of volume", () => {
  it("holds within a factor of 1.5 in a seeded simulation of the real hour-by-hour cycle", () => {
    // 1,000 an hour on average, half that at night and half again at the afternoon peak.
    const profile = Array.from({ length: 24 }, (_, hour) => Math.round(1000 * (1 + 0.5 * Math.sin((2 * Math.PI * (hour - 9)) / 24))));
    const cycled = designSequential({ baseline: 0.9, shift: 0.05, direction: "below", hourlyTrials: profile, falseAlarmDays: 5 });
    const random = seededRandom(24);
    let hours = 0;
    let alarms = 0;
    let state = startSequential(cycled, new Date(Date.UTC(2026, 0, 1)));
    for (let h = 0; h < 24 * 400; h++) {
      const n = profile[h % 24]!;
      let k = 0;
      for (let i = 0; i < n; i++) if (random() < 0.9) k++;
      const step = advanceSequential(state, false, [{ start: new Date(Date.UTC(2026, 0, 1, h)).toISOString(), trials: n, successes: k }]);
      state = step.state;
      hours++;
      if (step.verdict === "breach") alarms++;
    }
    const measuredHours = hours / alarms;
    expect(alarms).toBeGreaterThan(30);
    expect(measuredHours / cycled.falseAlarmHours).toBeGreaterThan(1 / 1.5);
    expect(measuredHours / cycled.falseAlarmHours).toBeLessThan(1.5);
  });
});

describe("advanceSequential", () => {
  it("adds each hour's log-likelihood ratio once, and a repeated hour not at all", () => {
    const start = startSequential(design, new Date(Date.UTC(2026, 0, 1, 0)));
    // 80 of 100: 3.536629 (by hand in cusum.test.ts); then 90 of 100: −1.089606.
    const first = advanceSequential(start, false, [hourAt(0, 80)]);
    expect(first.state.low).toBeCloseTo(3.536629, 5);
    expect(first.state.lowSince).toBe(hourAt(0, 80).start);
    const again = advanceSequential(first.state, false, [hourAt(0, 80)]);
    expect(again.verdict).toBe("no-data");
    expect(again.state.low).toBeCloseTo(3.536629, 5);
    const second = advanceSequential(first.state, false, [hourAt(0, 80), hourAt(1, 90)]);
    expect(second.state.low).toBeCloseTo(3.536629 - 1.089606, 5);
    expect(second.verdict).toBe("clear");
  });

  it("fires at the crossing with the hour the evidence began as the change point, and stops there", () => {
    let state = startSequential(design, new Date(Date.UTC(2026, 0, 1, 0)));
    state = advanceSequential(state, false, [hourAt(0, 95), hourAt(1, 96)]).state;
    expect(state.low).toBe(0);
    const hours = [hourAt(2, 84), hourAt(3, 83), hourAt(4, 85), hourAt(5, 90), hourAt(6, 90)];
    const step = advanceSequential(state, false, hours);
    expect(step.verdict).toBe("breach");
    expect(step.changePointAt).toBe(hourAt(2, 0).start);
    expect(step.rateSinceChange).toBeCloseTo((84 + 83 + 85) / 300, 10);
    // 84, 83, 85 of 100 give 1.686126 + 2.148756 + 1.223522 = 5.058404 ≥ h (4.94): the alarm lands
    // on hour 4; hours 5 and 6 wait for the next tick.
    expect(design.h).toBeGreaterThan(3.835);
    expect(design.h).toBeLessThan(5.058);
    expect(step.state.through).toBe(hourAt(5, 0).start);
    const firing = advanceSequential(step.state, true, hours);
    expect(firing.verdict).toBe("hold");
    const recovered = advanceSequential(firing.state, true, [hourAt(7, 92), hourAt(8, 93), hourAt(9, 92), hourAt(10, 93)]);
    expect(recovered.verdict).toBe("clear");
  });
});
