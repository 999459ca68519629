import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXPORTED_METRICS } from "./prometheus";

// integrations/grafana/vigil.json must only query what GET /api/v1/metrics writes: a renamed or
// removed metric would otherwise leave an empty panel nobody notices.

type Target = { expr?: string; refId?: string };
type Panel = { id: number; type: string; title: string; targets?: Target[]; panels?: Panel[] };
type Dashboard = { uid: string; title: string; panels: Panel[]; templating: { list: { name: string; type: string; query?: unknown; definition?: string }[] } };

const dashboard = JSON.parse(fs.readFileSync(path.join(process.cwd(), "integrations/grafana/vigil.json"), "utf8")) as Dashboard;
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const queries = [
  ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr ?? "" }))),
  ...dashboard.templating.list.filter((v) => v.type === "query").map((v) => ({ where: `variable ${v.name}`, expr: v.definition ?? JSON.stringify(v.query) })),
];
// A metric name in PromQL: a word of letters, digits, _ and : not inside a {label matcher} or a string.
const metricNames = (expr: string) => (expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, "{}").match(/\bvigil_[a-z0-9_:]+/gi) ?? []);

describe("the Grafana dashboard", () => {
  it("queries only metrics Vigil exports, and every query names one", () => {
    expect(queries.length).toBeGreaterThan(10);
    for (const q of queries) {
      const names = metricNames(q.expr);
      expect(names.length, `${q.where}: ${q.expr}`).toBeGreaterThan(0);
      for (const name of names) expect(Object.keys(EXPORTED_METRICS), `${q.where}: ${q.expr}`).toContain(name);
    }
  });

  it("draws every metric Vigil exports", () => {
    const used = new Set(queries.flatMap((q) => metricNames(q.expr)));
    expect([...used].sort()).toEqual(Object.keys(EXPORTED_METRICS).sort());
  });

  it("has a model variable that every panel's queries filter on", () => {
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(["datasource", "model"]);
    for (const q of queries.filter((x) => x.where.startsWith("panel"))) expect(q.expr, q.where).toContain('model=~"$model"');
  });

  it("has unique panel ids and a stable uid", () => {
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.uid).toBe("vigil-models");
  });

  it("names nothing that is not a metric: the check itself catches a typo", () => {
    expect(metricNames('sum by (severity) (vigil_open_alert{model=~"$model"})')).toEqual(["vigil_open_alert"]);
    expect(Object.keys(EXPORTED_METRICS)).not.toContain("vigil_open_alert");
    expect(metricNames('vigil_feature_psi{feature="vigil_not_a_metric"}')).toEqual(["vigil_feature_psi"]);
  });
});
