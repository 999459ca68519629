import { expect } from "vitest";
import type { SeriesPoint } from "@/lib/metrics/series";

// Figures of splits (by version, by segment value) checked against the plain computation on raw rows.

export type Raw = { id: string; at: number; version?: string; score: number; label: string; actual?: string; value: number; actualValue?: number };

/** The figures of one bucket computed the plain way from raw rows. */
function expected(rows: Raw[]) {
  const truth = rows.filter((r) => r.actual !== undefined);
  const residuals = rows.filter((r) => r.actualValue !== undefined).map((r) => r.actualValue! - r.value);
  return {
    volume: rows.length,
    positiveRate: rows.length ? rows.filter((r) => r.label === "spam").length / rows.length : null,
    estimated: rows.length ? rows.reduce((s, r) => s + Math.max(r.score, 1 - r.score), 0) / rows.length : null,
    truthN: truth.length,
    truth: truth.length ? truth.filter((r) => r.actual === r.label).length / truth.length : null,
    mae: residuals.length ? residuals.reduce((s, e) => s + Math.abs(e), 0) / residuals.length : null,
    residualN: residuals.length,
  };
}

export function expectPoint(point: SeriesPoint, rows: Raw[], task: "binary" | "regression") {
  const e = expected(rows);
  expect(point.volume).toBe(e.volume);
  if (task === "binary") {
    expect(point.positiveRate?.value ?? null).toBe(e.positiveRate);
    expect(point.estimatedAccuracy?.value ?? null).toBeCloseTo(e.estimated ?? (null as unknown as number), 9);
    expect(point.groundTruthAccuracy?.n ?? 0).toBe(e.truthN);
    expect(point.groundTruthAccuracy?.value ?? null).toBe(e.truth);
  } else {
    expect(point.mae?.n ?? 0).toBe(e.residualN);
    if (e.mae === null) expect(point.mae).toBeNull();
    else expect(point.mae!.value).toBeCloseTo(e.mae, 9);
  }
}

