import { describe, expect, it } from "vitest";
import { alertSummary, slackBody, type AlertPayload } from "./payloads";

const firing: AlertPayload = {
  type: "alert.firing",
  model: "spam-filter",
  monitor: { id: "m1", name: "spam share jumped", metric: "positiveRate", comparison: "above", severity: "critical" },
  alert: { id: "a1", state: "firing", value: 0.71, threshold: 0.5, n: 340, firedAt: "2026-11-27T10:00:00.000Z", resolvedAt: null, url: "http://vigil.test/alerts/a1" },
};

describe("notification text", () => {
  it("says what fired, by how much, on how many", () => {
    expect(alertSummary(firing)).toBe("[critical] FIRING spam share jumped on spam-filter: Positive rate 71.0% is above 50.0% (n = 340)");
    expect(slackBody(firing).text).toBe(":rotating_light: [critical] FIRING spam share jumped on spam-filter: Positive rate 71.0% is above 50.0% (n = 340) <http://vigil.test/alerts/a1|Open in Vigil>");
  });

  it("says when it resolved", () => {
    const resolved: AlertPayload = { ...firing, type: "alert.resolved", alert: { ...firing.alert, state: "resolved", value: 0.4 } };
    expect(alertSummary(resolved)).toBe("RESOLVED spam share jumped on spam-filter: Positive rate 40.0% is back past 50.0% (n = 340)");
  });
});
