import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";
import { MAX_ECHOED_INPUT } from "@/lib/services/errors";
import { groundTruthRoute, predictionsRoute } from "./predictions";
import { claimRoute, labelsRoute, renewRoute } from "./labelling";
import { modelMetricsRoute } from "./metrics";
import { createModelRoute } from "./models";

// Issue #13: a 404 echoed a 20 KB slug back. Every error answer here is sent 20 KB of input where
// a name, an id or a key goes, and may quote at most 100 characters of it.

let t: TestDatabase;
let key: string;
beforeAll(async () => {
  t = await createTestDatabase();
  key = await createKey(t.db, ["ingest", "read", "label", "admin"]);
  await createBinaryModel(t.db, "spam-filter");
});
afterAll(async () => t.drop());

/** 20 KB that a reader can find in a body: a run of the same letter, and the same with spaces. */
const HUGE = ["q".repeat(20_000), "q ".repeat(10_000)];

/** Whether the body repeats more than `n` characters of the input (a repetition of one or two characters), from any phase. */
const echoesMoreThan = (body: string, input: string, n: number) => body.includes(input.slice(0, n + 1)) || body.includes(input.slice(1, n + 2));

describe("error answers quote at most 100 characters of any input", () => {
  for (const [i, huge] of HUGE.entries()) {
    const sends: Record<string, () => Promise<{ status: number; text: string }>> = {
      "an unknown model in a batch (404)": () => text(call(predictionsRoute({ db: () => t.db }), { key, body: { model: huge, predictions: [{ id: "1", score: 0.5, label: "spam" }] } })),
      "an unknown model in ground truth (404)": () => text(call(groundTruthRoute({ db: () => t.db }), { key, body: { model: huge, actuals: [{ id: "1", label: "spam" }] } })),
      "an unknown model to claim from (404)": () => text(call(claimRoute({ db: () => t.db }), { key, body: { model: huge, limit: 1 } })),
      "an unknown model's metrics (404)": async () => {
        const response = await modelMetricsRoute({ db: () => t.db, sessionUser: async () => null })(new Request("http://vigil.test/api/v1/x", { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ model: huge }) });
        return { status: response.status, text: await response.text() };
      },
      "an unknown key in a label (400)": () => text(call(labelsRoute({ db: () => t.db }), { key, body: { labels: [{ itemId: "1", label: "ham", [huge]: 1 }] } })),
      "an item id that is not one (400)": () => text(call(renewRoute({ db: () => t.db }), { key, body: { itemId: huge } })),
      "a feature name in a bad row (400)": () => text(call(predictionsRoute({ db: () => t.db }), { key, body: { model: "spam-filter", predictions: [{ id: huge, score: 7, label: "spam", features: { [huge]: {} } }] } })),
      "a model slug to register (400)": () => text(call(createModelRoute({ db: () => t.db }), { key, body: { slug: huge, name: huge, task: "binary", classes: [huge, "b"], positiveClass: "b" } })),
    };
    for (const [name, send] of Object.entries(sends)) {
      it(`${name}${i ? ", input with spaces" : ""}`, async () => {
        const { status, text: body } = await send();
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
        expect(echoesMoreThan(body, huge, MAX_ECHOED_INPUT), body.slice(0, 400)).toBe(false);
        expect(body.length).toBeLessThan(2_000);
      });
    }
  }
});

async function text(pending: ReturnType<typeof call>) {
  const response = await pending;
  return { status: response.status, text: JSON.stringify(response.json) };
}
