import { describe, expect, it } from "vitest";
import { validatePredictionRows } from "@/lib/ingest/validate";
import { DEMO_MODELS } from "@/lib/demo/seed";
import { NEW_REGION, deliveryPrediction } from "./delivery";

const deliveryTime = DEMO_MODELS.find((m) => m.slug === "delivery-time")!;
const at = new Date("2026-11-20T10:00:00Z");

function traffic(seed: number, decay: number, count = 5_000) {
  return Array.from({ length: count }, (_, index) => deliveryPrediction(seed, { index, decay, timestamp: at }));
}

/** Residuals as Vigil computes them: truth minus prediction. */
function errors(rows: ReturnType<typeof traffic>) {
  const residuals = rows.map((p) => ("value" in p.truth ? p.truth.value : NaN) - p.row.value!);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    mae: mean(residuals.map(Math.abs)),
    rmse: Math.sqrt(mean(residuals.map((r) => r * r))),
    bias: mean(residuals),
    newRegion: rows.filter((p) => p.row.features!.region === NEW_REGION).length / rows.length,
    snow: rows.filter((p) => p.row.features!.weather === "snow").length / rows.length,
  };
}

describe("delivery-time traffic", () => {
  it("gives the same rows for the same seed, index, time and decay", () => {
    expect(traffic(5, 0.7, 200)).toEqual(traffic(5, 0.7, 200));
    expect(traffic(6, 0.7, 200)).not.toEqual(traffic(5, 0.7, 200));
  });

  it("makes rows the demo regression model accepts", () => {
    for (const decay of [0, 0.5, 1]) {
      const rows = traffic(2, decay, 1_000);
      expect(validatePredictionRows(deliveryTime, rows.map((p) => p.row), at.getTime()).errors).toEqual([]);
      for (const { row, truth } of rows) {
        expect(row.value).toBeGreaterThan(0);
        expect("value" in truth && truth.value > 0).toBe(true);
        expect(Number.isInteger(row.features!.hour) && Number(row.features!.hour) >= 0 && Number(row.features!.hour) < 24).toBe(true);
      }
    }
  });

  it("errs more, and late, once the world drifts: MAE at least 1.5 times, a bias, a new region", () => {
    for (const seed of [1, 2]) {
      const healthy = errors(traffic(seed, 0));
      const broken = errors(traffic(seed, 1));
      expect(Math.abs(healthy.bias)).toBeLessThan(1);
      expect(broken.mae).toBeGreaterThanOrEqual(1.5 * healthy.mae);
      expect(broken.rmse).toBeGreaterThan(1.5 * healthy.rmse);
      expect(broken.bias).toBeGreaterThan(3);
      expect(healthy.newRegion).toBe(0);
      expect(broken.newRegion).toBeGreaterThan(0.1);
      expect(broken.snow).toBeGreaterThan(healthy.snow * 3);
    }
  });
});
