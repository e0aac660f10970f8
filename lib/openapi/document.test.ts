import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument } from "./document";
import { openApiDocument } from "./index";
import type { OperationSpec } from "./registry";

type Op = { parameters: Array<{ name: string; in: string; required: boolean }>; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }>; headers?: Record<string, unknown> }>; security: unknown[] };

describe("buildOpenApiDocument", () => {
  const spec: OperationSpec = {
    method: "get",
    path: "/api/v1/things/{id}",
    operationId: "getThing",
    summary: "A thing",
    tag: "Things",
    auth: "session-or-key",
    scopes: ["read"],
    params: z.object({ id: z.string() }),
    query: z.object({ limit: z.coerce.number().int().default(10).describe("How many"), q: z.string() }),
    responses: { 200: { description: "ok", schema: z.object({ n: z.int(), at: z.iso.datetime() }) } },
    errors: { 404: "No such thing", 429: "" },
  };
  const doc = buildOpenApiDocument([spec]);
  const op = doc.paths["/api/v1/things/{id}"].get as Op;

  it("is OpenAPI 3.1 with the Problem schema", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.schemas.Problem).toMatchObject({ type: "object" });
  });

  it.each([
    ["id", "path", true],
    ["limit", "query", false],
    ["q", "query", true],
  ])("parameter %s is in %s, required=%s", (name, where, required) => {
    expect(op.parameters.find((p) => p.name === name)).toMatchObject({ in: where, required });
  });

  it("adds 401 for authenticated routes, problem+json errors and Retry-After on 429", () => {
    expect(Object.keys(op.responses).sort()).toEqual(["200", "401", "404", "429"]);
    expect(op.responses["404"].content?.["application/problem+json"].schema).toEqual({ $ref: "#/components/schemas/Problem" });
    expect(op.responses["429"].headers).toHaveProperty("Retry-After");
    expect(op.security).toEqual([{ session: [] }, { apiKey: ["read"] }]);
  });

  it("drops noise from generated schemas (safe-integer bounds, date-time regex)", () => {
    const s = op.responses["200"].content?.["application/json"].schema as { properties: Record<string, Record<string, unknown>> };
    expect(s.properties.n).toEqual({ type: "integer" });
    expect(s.properties.at).toEqual({ type: "string", format: "date-time" });
  });
});

describe("the Spendscope document", () => {
  const doc = openApiDocument();
  const usage = doc.paths["/api/v1/usage"].post as Op;

  it("documents POST /api/v1/usage with the event schema, 1..5000 events and every error status", () => {
    const body = usage.requestBody?.content["application/json"].schema as { properties: { events: { minItems: number; maxItems: number; items: { properties: Record<string, { description?: string }>; additionalProperties: boolean } } } };
    expect(body.properties.events.minItems).toBe(1);
    expect(body.properties.events.maxItems).toBe(5000);
    expect(Object.keys(body.properties.events.items.properties)).toEqual(expect.arrayContaining(["id", "timestamp", "team", "usage", "openaiUsage", "metadata"]));
    expect(body.properties.events.items.additionalProperties).toBe(false);
    expect(body.properties.events.items.properties.id.description).toMatch(/idempotency/);
    expect(Object.keys(usage.responses).sort()).toEqual(["200", "400", "401", "403", "409", "413", "429"]);
  });

  it("documents the other capabilities' routes named in their issues", () => {
    for (const [p, m] of [
      ["/api/v1/costs", "get"],
      ["/api/v1/pricing/snapshots", "get"],
      ["/api/v1/pricing/snapshots/{id}", "get"],
      ["/api/v1/budget-check", "post"],
      ["/api/v1/openapi.json", "get"],
    ]) {
      expect(doc.paths[p]?.[m], `${m} ${p}`).toBeDefined();
    }
  });

  it("never documents money as a JSON number", () => {
    const text = JSON.stringify(doc);
    const amountish = [...text.matchAll(/"(cost|total|amount|remaining|billedTotal)":\{"type":"number"/g)];
    expect(amountish).toEqual([]);
  });

  it("has unique operation ids", () => {
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => (o as { operationId: string }).operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("reading order", () => {
  it("puts the usage API first and keeps unknown tags last", () => {
    const op = (tag: string, path: string): OperationSpec => ({ method: "get", path, operationId: path, summary: "", tag, auth: "public", responses: { 200: { description: "ok" } } });
    const doc = buildOpenApiDocument([op("Zeta", "/a"), op("Budgets", "/b"), op("Usage", "/c"), op("Costs", "/d")]);
    expect(doc.tags.map((t) => t.name)).toEqual(["Usage", "Costs", "Budgets", "Zeta"]);
  });
});
