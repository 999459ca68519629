import { describe, expect, it } from "vitest";
import { aggregateBucket, type RollupInputRow } from "./aggregate-bucket";
import { featureDrift } from "./drift";
import { featureQuality } from "./feature-quality";
import { toPrometheus } from "./prometheus";

const binary = { task: "binary" as const, positiveClass: "spam" };
const rowOf = (features: Record<string, unknown>): RollupInputRow => ({ score: 0.5, label: "ham", value: null, actualLabel: null, actualValue: null, features });
const windowOf = (rows: RollupInputRow[]) => ({ d: aggregateBucket(binary, rows).distributions, volume: rows.length });

describe("feature quality in the Prometheus scrape", () => {
  it("writes each feature's shares of missing, wrongly typed, out-of-range and new-category values", () => {
    // Reference: body 1..200, domain a/b. Current (200): 50 missing bodies, 20 above 200, 10 strings;
    // domains: 40 null, 30 "c" (new).
    const reference = windowOf(Array.from({ length: 200 }, (_, i) => rowOf({ body: i + 1, domain: i % 2 ? "a" : "b" })));
    const current = windowOf(
      Array.from({ length: 200 }, (_, i) =>
        rowOf({ body: i < 50 ? undefined : i < 70 ? 500 + i : i < 80 ? "long" : i, domain: i < 40 ? null : i < 70 ? "c" : "a" }),
      ),
    );
    const features = featureDrift(reference.d, current.d, 100).map((f) => ({ ...f, quality: featureQuality(f.name, reference, current) }));
    const text = toPrometheus([{ model: "spam", totals: { start: "2026-01-01T00:00:00Z", volume: 200 }, drift: { score: null, prediction: null, features } }], "24h");
    const line = (name: string, feature: string) => text.split("\n").find((l) => l.startsWith(`${name}{model="spam",window="24h",feature="${feature}"}`));
    expect(line("vigil_feature_missing_ratio", "body")).toBe('vigil_feature_missing_ratio{model="spam",window="24h",feature="body"} 0.25');
    expect(line("vigil_feature_wrong_type_ratio", "body")).toMatch(/ 0\.05$/);
    expect(line("vigil_feature_out_of_range_ratio", "body")).toMatch(/ 0\.1$/);
    expect(line("vigil_feature_missing_ratio", "domain")).toMatch(/ 0\.2$/);
    expect(line("vigil_feature_new_category_ratio", "domain")).toMatch(/ 0\.15$/);
    // A numeric feature has no categories, a categorical one no range: not written rather than 0.
    expect(line("vigil_feature_new_category_ratio", "body")).toBeUndefined();
    expect(line("vigil_feature_out_of_range_ratio", "domain")).toBeUndefined();
    expect(text).toContain("# TYPE vigil_feature_missing_ratio gauge");
  });
});
