import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { deployRequests, modelPipelines, models, modelVersions, predictions, trainingExamples } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createModel } from "@/lib/services/models";
import { runBuiltInTraining, startRetrainRun } from "@/lib/services/runs";
import { approveDeployRequest } from "@/lib/services/deploys";
import { ServiceError } from "@/lib/services/errors";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";
import { actingAs } from "@/test/actors";
import { syntheticExamples } from "@/test/training";
import { predictRoute } from "./serving";
import { registerVersionRoute } from "./model-settings";

// The built-in serving endpoint runs only what the built-in trainer made (logistic or softmax):
// a version from an outside pipeline is refused before it could go to production there.

let t: TestDatabase;
let ingestKey: string;
let registerKey: string;

beforeAll(async () => {
  t = await createTestDatabase();
  ingestKey = await createKey(t.db, ["ingest"]);
  registerKey = await createKey(t.db, ["register"]);
});
afterAll(async () => t.drop());

const predict = (slug: string, body: unknown) => {
  const route = predictRoute({ db: () => t.db });
  return call((request) => route(request, { params: Promise.resolve({ model: slug }) }), { key: ingestKey, body });
};
const register = (slug: string, name: string) => {
  const route = registerVersionRoute({ db: () => t.db });
  return call((request) => route(request, { params: Promise.resolve({ model: slug }) }), { key: registerKey, body: { name, artifactUri: `s3://models/${slug}/${name}` } });
};
const modelId = async (slug: string) => (await t.db.select({ id: models.id }).from(models).where(eq(models.slug, slug)))[0]!.id;
const versionOf = async (slug: string, name: string) => (await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, await modelId(slug)), eq(modelVersions.name, name))))[0];

async function trainAndDeploy(slug: string) {
  const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: slug });
  expect((await runBuiltInTraining(t.db, run.id, { epochs: 3 })).outcome).toBe("succeeded");
}

describe("a multiclass built-in model", () => {
  it("is trained by the softmax trainer and answers every class's probability, recorded as a multiclass prediction", async () => {
    await createModel(systemContext(t.db), { slug: "topics", name: "Topics", task: "multiclass", classes: ["spam", "work", "shop"] });
    const id = await modelId("topics");
    await t.db.insert(modelPipelines).values({ modelId: id, trainer: "built-in", deployPolicy: "auto", autoMargin: 0, autoMinN: 1 });
    const words = { spam: "winner prize cheap pills", work: "meeting notes project review", shop: "sale discount newsletter basket" } as const;
    await t.db.insert(trainingExamples).values(
      Array.from({ length: 240 }, (_, i) => {
        const label = (["spam", "work", "shop"] as const)[i % 3]!;
        return { modelId: id, externalId: `t-${i}`, text: `${words[label]} message ${i}`, features: { links: label === "spam" ? 4 : 0 }, label, source: "test" };
      }),
    );
    await trainAndDeploy("topics");
    const v1 = await versionOf("topics", "v1");
    expect(v1).toMatchObject({ status: "production", artifact: { kind: "softmax-hashed", classes: ["spam", "work", "shop"] } });
    expect((v1!.metrics as { accuracy: number }).accuracy).toBeGreaterThan(0.9);

    const answer = await predict("topics", { inputs: [{ id: "a", text: "cheap prize winner", features: { links: 3 } }, { id: "b", text: "discount sale basket", features: { links: 0 } }] });
    expect(answer.status).toBe(200);
    const served = answer.json!.predictions as { id: string; label: string; probabilities: Record<string, number>; score?: number }[];
    expect(served.map((p) => p.label)).toEqual(["spam", "shop"]);
    for (const p of served) {
      expect(Object.keys(p.probabilities).sort()).toEqual(["shop", "spam", "work"]);
      expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      expect(p.probabilities[p.label]).toBe(Math.max(...Object.values(p.probabilities)));
      expect(p.score).toBeUndefined();
    }
    const [row] = await t.db.select().from(predictions).where(and(eq(predictions.modelId, id), eq(predictions.externalId, "a")));
    expect(row).toMatchObject({ label: "spam", probabilities: served[0]!.probabilities, versionId: v1!.id });
  });
});

describe("deploying an outside version to the built-in target", () => {
  it("is refused at registration for a model the built-in endpoint serves: 409 not_servable, nothing stored", async () => {
    const id = (await createBinaryModel(t.db, "spam-filter")).id;
    await t.db.insert(modelPipelines).values({ modelId: id, trainer: "built-in", deployPolicy: "auto", autoMargin: 0, autoMinN: 1 });
    await t.db.insert(trainingExamples).values(syntheticExamples(id, 300));
    await trainAndDeploy("spam-filter");
    const versions = await t.db.$count(modelVersions, eq(modelVersions.modelId, id));
    const requests = await t.db.$count(deployRequests, eq(deployRequests.modelId, id));

    const res = await register("spam-filter", "nightly-1");
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ error: "not_servable" });
    expect(String(res.json!.message)).toMatch(/not trained by Vigil's built-in trainer.*webhook/);
    expect(await t.db.$count(modelVersions, eq(modelVersions.modelId, id))).toBe(versions);
    expect(await t.db.$count(deployRequests, eq(deployRequests.modelId, id))).toBe(requests);
    // The built-in v1 still serves.
    expect((await predict("spam-filter", { text: "winner prize" })).json).toMatchObject({ version: "v1" });
  });

  it("is refused at approval when the model came to be served by the built-in endpoint after the request was opened", async () => {
    const id = (await createBinaryModel(t.db, "later-built-in")).id;
    const res = await register("later-built-in", "nightly-1");
    expect(res.status).toBe(201);
    await t.db.insert(modelPipelines).values({ modelId: id, trainer: "built-in" });
    const approver = await actingAs(t.db, "approver");
    const refused = await approveDeployRequest(approver, { requestId: (res.json!.deployRequest as { id: string }).id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: "conflict", api: { error: "not_servable" } });
    expect(await versionOf("later-built-in", "nightly-1")).toMatchObject({ status: "candidate" });
    const [request] = await t.db.select().from(deployRequests).where(eq(deployRequests.id, (res.json!.deployRequest as { id: string }).id));
    expect(request!.status).toBe("pending");
  });

  it("still records an outside version as production for a model its own server serves (no built-in trainer, no built-in version)", async () => {
    await createBinaryModel(t.db, "fraud-check");
    const res = await register("fraud-check", "2026-11-21");
    expect(res.status).toBe(201);
    const approver = await actingAs(t.db, "approver");
    expect(await approveDeployRequest(approver, { requestId: (res.json!.deployRequest as { id: string }).id })).toMatchObject({ status: "deployed" });
    expect(await versionOf("fraud-check", "2026-11-21")).toMatchObject({ status: "production" });
  });
});
