import { describe, expect, it } from "vitest";
import { validatePredictionRows } from "@/lib/ingest/validate";
import { multiclassPrediction, NEW_CHANNEL } from "./multiclass";
import { trafficForModel, servedTrafficFor, type ApiModel } from "./traffic";

const at = new Date("2026-11-20T10:00:00Z");
const classes = ["billing", "bug", "feature", "other"];
const model: ApiModel = { slug: "tickets", name: "Tickets", task: "multiclass", classes, positiveClass: null };

const traffic = (seed: number, decay: number, count = 4_000) => Array.from({ length: count }, (_, index) => multiclassPrediction(seed, { index, decay, timestamp: at }, classes));

/** What the dashboard would show, counted by hand from the rows. */
function figures(rows: ReturnType<typeof traffic>) {
  const share = (test: (p: (typeof rows)[number]) => boolean) => rows.filter(test).length / rows.length;
  return {
    accuracy: share((p) => "label" in p.truth && p.truth.label === p.row.label),
    lastClass: share((p) => "label" in p.truth && p.truth.label === "other"),
    newChannel: share((p) => p.row.features!.channel === NEW_CHANNEL),
  };
}

describe("multiclass traffic", () => {
  it("is what the simulator sends a multiclass model (it used to refuse one)", () => {
    const chosen = trafficForModel(model, 5);
    expect(chosen).toMatchObject({ kind: "multiclass", positiveClass: "other" });
    if ("refused" in chosen) throw new Error(chosen.refused);
    expect(chosen.generate({ index: 3, decay: 0.2, timestamp: at })).toEqual(multiclassPrediction(5, { index: 3, decay: 0.2, timestamp: at }, classes));
    expect(trafficForModel({ ...model, classes: ["only"] }, 5)).toHaveProperty("refused");
    // The demo's built-in triage model gets real mail through its predict endpoint, with a class as truth.
    const served = servedTrafficFor("mail-triage", 5)!;
    expect(["easy-ham", "hard-ham", "spam"]).toContain(served.next({ index: 0, decay: 0, timestamp: at, id: "t-0" }).truth.label);
    expect(servedTrafficFor("tickets", 5)).toBeNull();
    // Reading the corpus takes seconds on a loaded machine: room, not a timing.
  }, 60_000);

  it("makes rows the model accepts: its classes, probabilities adding to one, the label their argmax", () => {
    for (const decay of [0, 0.5, 1]) {
      const rows = traffic(3, decay, 1_000);
      const { errors } = validatePredictionRows({ task: "multiclass", classes }, rows.map((p) => p.row), at.getTime());
      expect(errors).toEqual([]);
      for (const { row } of rows) {
        const q = row.probabilities!;
        expect(Object.keys(q)).toEqual(classes);
        expect(Math.max(...Object.values(q))).toBe(q[row.label!]);
      }
    }
  });

  it("repeats for a seed and decays: the last class grows, arrives by a new channel and is mistaken, so accuracy drops", () => {
    expect(traffic(7, 0.4, 200)).toEqual(traffic(7, 0.4, 200));
    expect(traffic(8, 0.4, 200)).not.toEqual(traffic(7, 0.4, 200));
    const before = figures(traffic(11, 0));
    const after = figures(traffic(11, 1));
    expect(before.accuracy).toBeGreaterThan(0.8);
    expect(before.newChannel).toBe(0);
    expect(after.lastClass).toBeGreaterThan(before.lastClass + 0.25);
    expect(after.newChannel).toBeGreaterThan(0.3);
    expect(after.accuracy).toBeLessThan(before.accuracy - 0.25);
  });
});
