import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { setSegmentFeatures } from "@/lib/services/models";
import { Random } from "@/lib/simulation/random";
import { rankSlices, type SliceCounts } from "@/lib/metrics/slices";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel, createRegressionModel } from "@/test/api";
import { getModelSlices } from "./get-model-slices";
import { refreshRollups } from "./refresh-rollups";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const ctx = () => systemContext(t.db);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2025, 0, 6);

type Row = { id: string; at: number; domain: string; channel: string; right: boolean | null };

/** 10 days; from day 7 on, predictions from bad.example are right half the time, every other slice 90%. */
function rows(seed: number): Row[] {
  const random = new Random(seed);
  return Array.from({ length: 3000 }, (_, i) => {
    const at = START + Math.floor(random.next() * 10 * DAY);
    const domain = random.pick([["mail.example", 5], ["bad.example", 2], ["news.example", 2], ["rare.example", 0.1]] as const);
    const accuracy = domain === "bad.example" && at >= START + 7 * DAY ? 0.5 : 0.9;
    return { id: `r${i}`, at, domain, channel: random.chance(0.5) ? "web" : "app", right: random.chance(0.8) ? random.chance(accuracy) : null };
  });
}

/** The counts of each declared feature's values among raw rows in [from, to). */
function countsOf(raw: Row[], from: number, to: number): SliceCounts[] {
  const counts = new Map<string, SliceCounts>();
  for (const r of raw.filter((r) => r.at >= from && r.at < to)) {
    for (const [feature, value] of [["domain", r.domain], ["channel", r.channel]] as const) {
      const c = counts.get(`${feature}/${value}`) ?? { feature, value, volume: 0, tested: 0, correct: 0 };
      counts.set(`${feature}/${value}`, { ...c, volume: c.volume + 1, tested: c.tested + Number(r.right !== null), correct: c.correct + Number(r.right === true) });
    }
  }
  return [...counts.values()];
}

describe("GET slices", () => {
  it("finds the injected bad slice first, with the figures of the raw rows", async () => {
    await createBinaryModel(t.db, "slices");
    const raw = rows(7);
    await ingestPredictions(ctx(), {
      model: "slices",
      predictions: raw.map((r) => ({
        id: r.id,
        timestamp: new Date(r.at).toISOString(),
        score: 0.9,
        label: "spam",
        features: { domain: r.domain, channel: r.channel },
        ...(r.right === null ? {} : { actual: { label: r.right ? "spam" : "ham" } }),
      })),
    });
    await refreshRollups(t.db);
    await setSegmentFeatures(ctx(), { slug: "slices", segmentFeatures: ["domain", "channel"] });
    await refreshRollups(t.db);

    const from = START + 7 * DAY;
    const to = START + 10 * DAY;
    const answer = await getModelSlices(ctx(), "slices", { from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    // The reference window is the first 7 days of data.
    expect(answer.reference).toEqual({ from: new Date(START).toISOString(), to: new Date(START + 7 * DAY).toISOString() });
    const expected = rankSlices(countsOf(raw, from, to), countsOf(raw, START, START + 7 * DAY), 30);
    expect(answer.slices).toEqual(expected.slices);
    expect(answer.tooSmall).toBe(expected.tooSmall);
    expect(answer.tooSmall).toBeGreaterThan(0);

    const [first] = answer.slices;
    expect(first).toMatchObject({ feature: "domain", value: "bad.example" });
    expect(first!.qValue).toBeLessThan(0.05);
    expect(first!.reference.value).toBeGreaterThan(0.8);
    expect(answer.slices.filter((s) => s.qValue <= 0.05).map((s) => s.value)).toEqual(["bad.example"]);
  });

  it("refuses regression models, a sampled basis (not built yet) and a bad range", async () => {
    await createRegressionModel(t.db, "slices-regression");
    await expect(getModelSlices(ctx(), "slices-regression", {})).rejects.toMatchObject({ code: "invalid_input" });
    await expect(getModelSlices(ctx(), "slices", { basis: "sampled" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(getModelSlices(ctx(), "slices", { from: "2025-01-02T00:00:00Z", to: "2025-01-01T00:00:00Z" })).rejects.toMatchObject({ code: "invalid_input" });
    // No segment features declared: nothing to test.
    await createBinaryModel(t.db, "slices-none");
    expect(await getModelSlices(ctx(), "slices-none", {})).toMatchObject({ slices: [], tooSmall: 0 });
  });
});
