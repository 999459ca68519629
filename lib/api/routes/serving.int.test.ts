import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { modelPipelines, modelVersions, predictions, predictionTexts, trainingExamples } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";
import { actingAs } from "@/test/actors";
import { syntheticExamples } from "@/test/training";
import { startRetrainRun, runBuiltInTraining } from "@/lib/services/runs";
import { rollbackProduction } from "@/lib/services/deploys";
import { predictRoute } from "./serving";

let t: TestDatabase;
let modelId: string;
let predict: (slug: string, body: unknown, key?: string | null) => ReturnType<typeof call>;
let key: string;

beforeAll(async () => {
  t = await createTestDatabase();
  modelId = (await createBinaryModel(t.db, "spam-filter")).id;
  await createBinaryModel(t.db, "other");
  await t.db.insert(modelPipelines).values({ modelId, trainer: "built-in", deployPolicy: "auto", autoMargin: 0, autoMinN: 1 });
  await t.db.insert(trainingExamples).values(syntheticExamples(modelId, 300));
  const route = predictRoute({ db: () => t.db });
  predict = (slug, body, k = key) => call((request) => route(request, { params: Promise.resolve({ model: slug }) }), { key: k, body });
  key = await createKey(t.db, ["ingest"]);
});
afterAll(async () => t.drop());

async function trainAndDeploy() {
  const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: "spam-filter" });
  expect((await runBuiltInTraining(t.db, run.id, { epochs: 3 })).outcome).toBe("succeeded");
}

describe("POST /api/v1/models/{model}/predict", () => {
  it("answers 409 while no version is in production, 401 without a key, 403 for a key without ingest", async () => {
    expect((await predict("spam-filter", { text: "hello" })).status).toBe(409);
    expect((await predict("spam-filter", { text: "hello" }, null)).status).toBe(401);
    expect((await predict("spam-filter", { text: "hello" }, await createKey(t.db, ["read"]))).status).toBe(403);
    expect((await predict("nope", { text: "hello" })).status).toBe(404);
  });

  it("scores with the production version and records the prediction, its version and its text", async () => {
    await trainAndDeploy(); // auto policy: v1 goes to production
    const answer = await predict("spam-filter", { inputs: [{ id: "q-1", text: "winner prize cheap offer click", features: { links: 4 } }, { id: "q-2", text: "meeting notes project review", features: { links: 0 } }] });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ model: "spam-filter", version: "v1", predictions: [{ id: "q-1", label: "spam" }, { id: "q-2", label: "ham" }] });
    const [row] = await t.db.select().from(predictions).where(and(eq(predictions.modelId, modelId), eq(predictions.externalId, "q-1")));
    const [v1] = await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.name, "v1")));
    expect(row).toMatchObject({ versionId: v1!.id, label: "spam", features: { links: 4 } });
    expect(row!.score).toBe((answer.json!.predictions as { score: number }[])[0]!.score);
    const [text] = await t.db.select().from(predictionTexts).where(eq(predictionTexts.externalId, "q-1"));
    expect(text!.text).toBe("winner prize cheap offer click");
    // A single input without an id is accepted too; bad input is a 400.
    expect((await predict("spam-filter", { text: "lunch?" })).json).toMatchObject({ version: "v1", predictions: [{ id: expect.stringMatching(/^pred-/) }] });
    expect((await predict("spam-filter", { text: 12 })).status).toBe(400);
  });

  it("switches version on the next call after a deploy or a rollback", async () => {
    await trainAndDeploy(); // v2 ties v1; margin 0 deploys it
    expect((await predict("spam-filter", { text: "cheap prize" })).json).toMatchObject({ version: "v2" });
    await rollbackProduction(await actingAs(t.db, "approver"), { model: "spam-filter" });
    const after = await predict("spam-filter", { id: "after-rollback", text: "cheap prize" });
    expect(after.json).toMatchObject({ version: "v1" });
    const [row] = await t.db.select({ versionId: predictions.versionId }).from(predictions).where(eq(predictions.externalId, "after-rollback"));
    const [v1] = await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.name, "v1")));
    expect(row!.versionId).toBe(v1!.id);
  });
});
