import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { modelPipelines, notificationChannels } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { actingAs } from "@/test/actors";
import { startReceiver } from "@/test/receiver";
import { verifySignature } from "@/lib/notifications/sign";
import { createChannel, testChannel, listChannels } from "@/lib/services/notifications";
import { updatePipelineConnections, getVersionsOverview } from "@/lib/services/registry";
import { sealStoredSecrets } from "./stored-secrets";

// Issue #13: secrets were stored in plain text, so a database dump alone gave them away. Now a
// dump of every table holds none of them, and what older versions stored is sealed at start-up.

let t: TestDatabase;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const unique = (label: string) => `${label}-${crypto.randomBytes(12).toString("hex")}`;

beforeAll(async () => {
  t = await createTestDatabase();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.drop();
});

/** Every row of every table in every schema (pg-boss's included), as JSON text: what pg_dump would give away. */
async function dumpEverything(): Promise<string> {
  const tables = await t.db.execute<{ schema: string; name: string }>(sql`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`);
  expect(tables.length).toBeGreaterThan(20);
  const parts: string[] = [];
  for (const { schema, name } of tables) {
    const rows = await t.db.execute<{ row: string }>(sql`select row_to_json(x)::text as row from ${sql.identifier(schema)}.${sql.identifier(name)} x`);
    for (const { row } of rows) parts.push(row);
  }
  return parts.join("\n");
}

/** A secret counts as leaked in its own spelling, or escaped as JSON or a URL would write it. */
const leaked = (dump: string, secrets: Record<string, string>) =>
  Object.entries(secrets).filter(([, s]) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)].some((form) => dump.includes(form))).map(([name]) => name);

describe("secrets at rest", () => {
  it("a dump of every table shows no secret stored through the app, and each still works", async () => {
    const admin = await actingAs(t.db, "admin");
    await createBinaryModel(t.db, "sealed");
    const secrets = {
      "webhook secret": unique("whsec"),
      "webhook URL token": unique("tok"),
      "Slack URL": `${receiver.url}/services/T0000/B0000/${unique("slack")}`,
      "Prefect key": unique("pnu"),
      "deploy webhook secret": unique("deploy"),
    };
    const webhook = await createChannel(admin, { name: "ops", type: "webhook", url: `${receiver.url}/hook?token=${secrets["webhook URL token"]}`, secret: secrets["webhook secret"] });
    const slack = await createChannel(admin, { name: "slack", type: "slack", url: secrets["Slack URL"] });
    await updatePipelineConnections(admin, {
      model: "sealed", trainer: "prefect", prefectApiUrl: `${receiver.url}/api`, prefectDeploymentId: "d", trainerSecret: secrets["Prefect key"],
      deployTarget: "webhook", deployWebhookUrl: `${receiver.url}/deploy`, deployWebhookSecret: secrets["deploy webhook secret"],
    });

    const dump = await dumpEverything();
    expect(dump).toContain(`"name":"ops"`);
    expect(leaked(dump, secrets)).toEqual([]);
    expect(dump).toMatch(/"secret":"enc:v1:[A-Za-z0-9_-]+"/);

    // Nothing a page reads holds them either.
    expect(leaked(JSON.stringify(await listChannels(admin)), secrets)).toEqual([]);
    expect(leaked(JSON.stringify(await getVersionsOverview(admin, "sealed")), secrets)).toEqual([]);

    // Sealed, they still do their work: the receiver gets the signature and the Slack path.
    receiver.received.length = 0;
    expect(await testChannel(admin, webhook.id)).toMatchObject({ ok: true });
    expect(await testChannel(admin, slack.id)).toMatchObject({ ok: true });
    const [signed, posted] = receiver.received;
    expect(signed!.path).toBe(`/hook?token=${secrets["webhook URL token"]}`);
    expect(verifySignature(secrets["webhook secret"], signed!.body, signed!.headers["x-vigil-timestamp"] as string, signed!.headers["x-vigil-signature"] as string)).toBe(true);
    expect(posted!.path).toBe(new URL(secrets["Slack URL"]).pathname);
  });

  it("seals what an older version stored in clear, once: a second pass changes nothing, and the secrets still work", async () => {
    const admin = await actingAs(t.db, "admin");
    const model = await createBinaryModel(t.db, "legacy");
    const legacySecret = unique("legacy-whsec");
    const legacyUrl = `${receiver.url}/legacy/${unique("path")}`;
    const [legacy] = await t.db.insert(notificationChannels).values({ name: "legacy", type: "webhook", url: legacyUrl, secret: legacySecret }).returning({ id: notificationChannels.id });
    const legacyKey = unique("legacy-pnu");
    await t.db.insert(modelPipelines).values({ modelId: model.id, trainer: "prefect", trainerConfig: { apiUrl: receiver.url, deploymentId: "d" }, trainerSecret: legacyKey });
    expect(leaked(await dumpEverything(), { legacySecret, legacyKey })).toEqual(["legacySecret", "legacyKey"]);

    expect(await sealStoredSecrets(t.db)).toBe(3);
    expect(await sealStoredSecrets(t.db)).toBe(0);
    expect(leaked(await dumpEverything(), { legacySecret, legacyUrl, legacyKey })).toEqual([]);

    receiver.received.length = 0;
    expect(await testChannel(admin, legacy!.id)).toMatchObject({ ok: true });
    const sent = receiver.received[0]!;
    expect(sent.path).toBe(new URL(legacyUrl).pathname);
    expect(verifySignature(legacySecret, sent.body, sent.headers["x-vigil-timestamp"] as string, sent.headers["x-vigil-signature"] as string)).toBe(true);
  });

  it("a sealed value copied into another row does not open there", async () => {
    const admin = await actingAs(t.db, "admin");
    const a = await createChannel(admin, { name: "a", type: "webhook", url: `${receiver.url}/a`, secret: unique("secret-a") });
    const b = await createChannel(admin, { name: "b", type: "webhook", url: `${receiver.url}/b`, secret: unique("secret-b") });
    await t.db.execute(sql`update notification_channels set secret = (select secret from notification_channels where id = ${a.id}) where id = ${b.id}`);
    await expect(testChannel(admin, b.id)).rejects.toThrow(/does not open/);
  });
});
