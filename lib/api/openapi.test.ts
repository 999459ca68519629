import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

describe("the OpenAPI document", () => {
  const doc = openApiDocument();

  it("is OpenAPI 3.1 and covers every machine endpoint", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/api/v1/ground-truth", "/api/v1/metrics", "/api/v1/models", "/api/v1/models/{model}/metrics", "/api/v1/openapi.json", "/api/v1/predictions"]);
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
    expect(params.map((p) => `${p.in}:${p.name}`)).toEqual(["path:model", "query:from", "query:to", "query:bucket"]);
    expect(params[3]!.schema).toMatchObject({ enum: ["hour", "day"] });
  });

  it("lists the contract's status codes for ingest", () => {
    expect(Object.keys(doc.paths["/api/v1/predictions"]!.post!.responses).sort()).toEqual(["200", "400", "401", "403", "404", "413", "415"]);
    expect(Object.keys(doc.paths["/api/v1/models"]!.post!.responses).sort()).toEqual(["201", "400", "401", "403", "409", "413", "415"]);
  });
});
