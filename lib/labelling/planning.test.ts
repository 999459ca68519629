import { describe, expect, it } from "vitest";
import { labellingPlan } from "./planning";

describe("the labelling plan", () => {
  it("needs 540 labels a week to see 90% fall by 5 points at 95% confidence, and says how far 135 are", () => {
    // By hand (as in lib/stats/power.test.ts): p1 0.90, p2 0.85, p̄ 0.875, z_0.95 = 1.644854, z_0.80 = 0.841621:
    //   (1.644854·√(2·0.875·0.125) + 0.841621·√(0.9·0.1 + 0.85·0.15))² / 0.05²
    //   = (0.769310 + 0.392506)² / 0.0025 = 539.93 → 540; 135 of 540 is 25%, 405 to go.
    const plan = labellingPlan({ baseline: 0.9, dropPoints: 5, confidence: 0.95, have: 135 })!;
    expect(plan).toMatchObject({ needed: 540, have: 135, missing: 405, share: 0.25 });
    expect(plan.sentence).toBe(
      "To notice accuracy falling 5 points from 90% with 95% confidence (and an 80% chance of catching it), 7 days of predictions need 540 labels. The last 7 days have 135 (25%): 405 more to go.",
    );
  });

  it("says when the window has enough, and works from other baselines (worked by hand)", () => {
    // p1 0.95, p2 0.85, p̄ 0.9: (1.644854·√0.18 + 0.841621·√0.175)² / 0.01 = 1.049927² / 0.01 = 110.23 → 111.
    const plan = labellingPlan({ baseline: 0.95, dropPoints: 10, confidence: 0.95, have: 200 })!;
    expect(plan).toMatchObject({ needed: 111, missing: 0, share: 1 });
    expect(plan.sentence).toMatch(/The last 7 days have 200: enough\.$/);
  });

  it("has no plan for a drop it cannot mean", () => {
    expect(labellingPlan({ baseline: 0.9, dropPoints: 0, confidence: 0.95, have: 0 })).toBeNull();
    expect(labellingPlan({ baseline: 0.3, dropPoints: 40, confidence: 0.95, have: 0 })).toBeNull();
    expect(labellingPlan({ baseline: 0.9, dropPoints: 5, confidence: 1, have: 0 })).toBeNull();
  });
});
