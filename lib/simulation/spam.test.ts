import { describe, expect, it } from "vitest";
import { validatePredictionRows } from "@/lib/ingest/validate";
import { DEMO_MODELS } from "@/lib/demo/seed";
import { NEW_SENDER_DOMAIN, spamPrediction } from "./spam";

const spamFilter = DEMO_MODELS.find((m) => m.slug === "spam-filter")!;
const at = new Date("2026-11-20T10:00:00Z");

function traffic(seed: number, decay: number, count = 5_000) {
  return Array.from({ length: count }, (_, index) => spamPrediction(seed, { index, decay, timestamp: at }));
}

/** The figures Vigil's dashboard would show, computed by hand from the rows. */
function figures(rows: ReturnType<typeof traffic>) {
  const share = (test: (p: (typeof rows)[number]) => boolean) => rows.filter(test).length / rows.length;
  return {
    predictedSpam: share((p) => p.row.label === "spam"),
    trulySpam: share((p) => "label" in p.truth && p.truth.label === "spam"),
    accuracy: share((p) => "label" in p.truth && p.truth.label === p.row.label),
    meanScore: rows.reduce((sum, p) => sum + p.row.score!, 0) / rows.length,
    meanLinks: rows.reduce((sum, p) => sum + Number(p.row.features!.links), 0) / rows.length,
    newDomain: share((p) => p.row.features!.sender_domain === NEW_SENDER_DOMAIN),
  };
}

describe("spam-filter traffic", () => {
  it("gives the same rows for the same seed, index, time and decay, and others for another seed", () => {
    expect(traffic(7, 0.4, 200)).toEqual(traffic(7, 0.4, 200));
    expect(traffic(8, 0.4, 200)).not.toEqual(traffic(7, 0.4, 200));
    // Each row depends on its own index only, so a row can be made alone.
    expect(spamPrediction(7, { index: 150, decay: 0.4, timestamp: at })).toEqual(traffic(7, 0.4, 200)[150]);
  });

  it("makes rows the demo spam filter accepts, with the label its score implies", () => {
    for (const decay of [0, 0.5, 1]) {
      const rows = traffic(3, decay, 1_000);
      const { errors } = validatePredictionRows(spamFilter, rows.map((p) => p.row), at.getTime());
      expect(errors).toEqual([]);
      for (const { row } of rows) expect(row.label).toBe(row.score! >= 0.5 ? "spam" : "ham");
      expect(new Set(rows.map((p) => p.row.id)).size).toBe(rows.length);
    }
  });

  it("flags about 30% and is about 90% right while the world matches training", () => {
    for (const seed of [1, 2, 3]) {
      const healthy = figures(traffic(seed, 0));
      expect(healthy.predictedSpam).toBeGreaterThanOrEqual(0.27);
      expect(healthy.predictedSpam).toBeLessThanOrEqual(0.33);
      expect(healthy.accuracy).toBeGreaterThan(0.88);
      expect(healthy.newDomain).toBe(0);
    }
  });

  it("flags three in four at full decay while true spam rises only a little, so accuracy falls", () => {
    const healthy = figures(traffic(1, 0));
    const broken = figures(traffic(1, 1));
    expect(broken.predictedSpam).toBeGreaterThan(0.68);
    expect(broken.trulySpam - healthy.trulySpam).toBeLessThan(0.1);
    expect(broken.accuracy).toBeLessThan(healthy.accuracy - 0.2);
    expect(broken.meanScore).toBeGreaterThan(healthy.meanScore + 0.2);
    expect(broken.meanLinks).toBeGreaterThan(healthy.meanLinks * 2);
    expect(broken.newDomain).toBeGreaterThan(0.2);
  });
});
