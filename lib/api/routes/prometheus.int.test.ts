import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, monitors } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createModel } from "@/lib/services/models";
import { refreshRollups } from "@/lib/services/metrics";
import { ingestPredictions } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel, createKey } from "@/test/api";
import { prometheusRoute } from "./prometheus";

// What the Grafana dashboard (integrations/grafana/vigil.json) draws beyond the figures the
// metrics JSON has: the class mix of a multiclass model and the alerts open now.

let t: TestDatabase;
const CLASSES = ["easy_ham", "hard_ham", "spam"];

beforeAll(async () => {
  t = await createTestDatabase();
  const mail = await createModel(systemContext(t.db, "test"), { slug: "mail-groups", name: "Mail groups", task: "multiclass", classes: CLASSES });
  const spam = await createBinaryModel(t.db, "spam-filter");
  const now = Date.now();
  // 5 easy_ham, 3 hard_ham, 2 spam.
  const labels = ["easy_ham", "easy_ham", "easy_ham", "easy_ham", "easy_ham", "hard_ham", "hard_ham", "hard_ham", "spam", "spam"];
  const predictions = labels.map((label, i) => ({
    id: `m${i}`,
    timestamp: new Date(now - (i + 1) * 60_000).toISOString(),
    probabilities: Object.fromEntries(CLASSES.map((c) => [c, c === label ? 0.8 : 0.1])),
    label,
  }));
  await ingestPredictions(systemContext(t.db), { model: "mail-groups", predictions });
  await refreshRollups(t.db);

  const monitor = (modelId: string, name: string) => ({ modelId, name, metric: "volume" as const, window: "1h", comparison: "below" as const, threshold: 1, minN: 0, severity: "critical" as const, policy: "notify" as const });
  const [a, b, c] = await t.db.insert(monitors).values([monitor(mail.id, "a"), monitor(mail.id, "b"), monitor(spam.id, "c")]).returning();
  const firedAt = new Date(now - 3_600_000);
  await t.db.insert(alerts).values([
    { monitorId: a!.id, modelId: mail.id, severity: "critical", state: "firing", firedAt },
    { monitorId: b!.id, modelId: mail.id, severity: "warning", state: "firing", firedAt },
    // Resolved: not open.
    { monitorId: b!.id, modelId: mail.id, severity: "warning", state: "resolved", firedAt, resolvedAt: new Date(now) },
    { monitorId: c!.id, modelId: spam.id, severity: "info", state: "firing", firedAt },
  ]);
});
afterAll(async () => t.drop());

async function scrape(key: string) {
  const response = await prometheusRoute({ db: () => t.db, sessionUser: async () => null })(new Request("http://x/api/v1/metrics", { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({}),
  });
  return { status: response.status, text: await response.text() };
}

describe("GET /api/v1/metrics for dashboards", () => {
  it("writes a multiclass model's class mix, counted by hand", async () => {
    const { status, text } = await scrape(await createKey(t.db, ["read"]));
    expect(status).toBe(200);
    expect(text).toContain(
      '# TYPE vigil_class_share gauge\nvigil_class_share{model="mail-groups",window="24h",class="easy_ham"} 0.5\nvigil_class_share{model="mail-groups",window="24h",class="hard_ham"} 0.3\nvigil_class_share{model="mail-groups",window="24h",class="spam"} 0.2\n',
    );
    expect(text).not.toContain('vigil_class_share{model="spam-filter"');
  });

  it("counts the alerts open now by severity, 0 included, and never another model's to a scoped key", async () => {
    const { text } = await scrape(await createKey(t.db, ["read"]));
    const open = text.split("\n").filter((line) => line.startsWith("vigil_open_alerts{"));
    expect(open).toEqual([
      'vigil_open_alerts{model="mail-groups",severity="info"} 0',
      'vigil_open_alerts{model="mail-groups",severity="warning"} 1',
      'vigil_open_alerts{model="mail-groups",severity="critical"} 1',
      'vigil_open_alerts{model="spam-filter",severity="info"} 1',
      'vigil_open_alerts{model="spam-filter",severity="warning"} 0',
      'vigil_open_alerts{model="spam-filter",severity="critical"} 0',
    ]);
    const scoped = await scrape(await createKey(t.db, ["read"], ["spam-filter"]));
    expect(scoped.text).not.toContain("mail-groups");
    expect(scoped.text).toContain('vigil_open_alerts{model="spam-filter",severity="info"} 1');
  });
});
