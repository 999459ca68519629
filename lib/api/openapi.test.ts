import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

describe("the OpenAPI document", () => {
  const doc = openApiDocument();

  it("is OpenAPI 3.1 and covers every machine endpoint", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/v1/alerts",
      "/api/v1/deployments/{deployment}/events",
      "/api/v1/ground-truth",
      "/api/v1/labelling/claim",
      "/api/v1/labelling/labels",
      "/api/v1/labelling/renew",
      "/api/v1/metrics",
      "/api/v1/models",
      "/api/v1/models/{model}",
      "/api/v1/models/{model}/metrics",
      "/api/v1/models/{model}/predict",
      "/api/v1/models/{model}/slices",
      "/api/v1/models/{model}/versions",
      "/api/v1/monitors",
      "/api/v1/monitors/{id}",
      "/api/v1/monitors/{id}/evaluate",
      "/api/v1/notification-channels",
      "/api/v1/openapi.json",
      "/api/v1/predictions",
      "/api/v1/runs",
      "/api/v1/runs/{run}/events",
    ]);
  });

  it("describes the prediction rows from the handler's own schema", () => {
    const body = doc.paths["/api/v1/predictions"]!.post!.requestBody!.content["application/json"]!.schema as {
      properties: { predictions: { maxItems: number; items: { properties: Record<string, { minimum?: number; maximum?: number }>; required: string[] } } };
    };
    expect(body.properties.predictions.maxItems).toBe(10_000);
    expect(body.properties.predictions.items.required).toEqual(["id"]);
    expect(body.properties.predictions.items.properties.score).toMatchObject({ minimum: 0, maximum: 1 });
    expect(Object.keys(body.properties.predictions.items.properties)).toEqual(["id", "version", "timestamp", "features", "score", "probabilities", "label", "value", "actual"]);
  });

  it("takes the metrics query parameters from the handler's schema", () => {
    const params = doc.paths["/api/v1/models/{model}/metrics"]!.get!.parameters!;
    expect(params.map((p) => `${p.in}:${p.name}`)).toEqual(["path:model", "query:from", "query:to", "query:bucket", "query:segment"]);
    expect(params[3]!.schema).toMatchObject({ enum: ["hour", "day"] });
  });

  it("lists the contract's status codes for ingest", () => {
    expect(Object.keys(doc.paths["/api/v1/predictions"]!.post!.responses).sort()).toEqual(["200", "400", "401", "403", "404", "413", "415"]);
    expect(Object.keys(doc.paths["/api/v1/models"]!.post!.responses).sort()).toEqual(["201", "400", "401", "403", "409", "413", "415"]);
  });

  it("describes the labelling API of API.md, with its fields and status codes", () => {
    const claim = doc.paths["/api/v1/labelling/claim"]!.post!;
    expect(Object.keys(claim.responses).sort()).toEqual(["200", "400", "401", "403", "404", "413", "415"]);
    const claimBody = claim.requestBody!.content["application/json"]!.schema as { properties: Record<string, { minimum?: number; maximum?: number }>; required: string[] };
    expect(Object.keys(claimBody.properties)).toEqual(["model", "limit"]);
    expect(claimBody.properties.limit).toMatchObject({ minimum: 1, maximum: 100 });
    const claimed = claim.responses["200"]!.content!["application/json"]!.schema as { properties: { items: { items: { properties: Record<string, unknown> } } } };
    expect(Object.keys(claimed.properties.items.items.properties)).toEqual(["itemId", "predictionId", "features", "claimExpiresAt"]);

    const labels = doc.paths["/api/v1/labelling/labels"]!.post!;
    expect(Object.keys(labels.responses).sort()).toEqual(["200", "400", "401", "403", "413", "415"]);
    const labelsBody = labels.requestBody!.content["application/json"]!.schema as { properties: { labels: { items: { properties: Record<string, unknown> } } } };
    expect(Object.keys(labelsBody.properties.labels.items.properties)).toEqual(["itemId", "label", "value"]);
    const answered = labels.responses["200"]!.content!["application/json"]!.schema as { properties: Record<string, unknown> };
    expect(Object.keys(answered.properties)).toEqual(["accepted", "duplicates", "refused"]);
  });

  it("describes monitors as code from the handlers' schemas, with API.md's fields and status codes", () => {
    const create = doc.paths["/api/v1/monitors"]!.post!;
    expect(Object.keys(create.responses).sort()).toEqual(["201", "400", "401", "403", "404", "409", "413", "415"]);
    const body = create.requestBody!.content["application/json"]!.schema as { properties: Record<string, { enum?: string[] }> };
    for (const field of ["model", "name", "metric", "window", "comparison", "threshold", "resolveThreshold", "minN", "forEvaluations", "severity", "policy", "channels", "feature"]) {
      expect(Object.keys(body.properties)).toContain(field);
    }
    expect(body.properties.policy!.enum).toEqual(["notify", "propose-retrain", "auto-retrain-deploy"]);
    expect(body.properties.metric!.enum).toContain("sampledAccuracy");
    expect(body.properties.metric!.enum).toContain("sampledMae");
    expect(Object.keys(doc.paths["/api/v1/monitors/{id}"]!)).toEqual(["get", "put", "delete"]);
    const evaluated = doc.paths["/api/v1/monitors/{id}/evaluate"]!.post!.responses["200"]!.content!["application/json"]!.schema as { properties: Record<string, unknown> };
    expect(Object.keys(evaluated.properties)).toEqual(expect.arrayContaining(["state", "value", "n"]));
    const alerts = doc.paths["/api/v1/alerts"]!.get!;
    expect(alerts.parameters!.map((p) => p.name)).toEqual(["model", "state", "limit"]);
    const listed = alerts.responses["200"]!.content!["application/json"]!.schema as { properties: { alerts: { items: { properties: Record<string, unknown> } } } };
    expect(Object.keys(listed.properties.alerts.items.properties)).toEqual(expect.arrayContaining(["id", "monitorId", "state", "value", "firedAt", "resolvedAt"]));
    const channel = doc.paths["/api/v1/notification-channels"]!.post!.requestBody!.content["application/json"]!.schema as { properties: Record<string, { enum?: string[] }> };
    expect(channel.properties.type!.enum).toEqual(["webhook", "slack", "email"]);
  });
});
