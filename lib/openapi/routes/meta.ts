import { registerOperation } from "../registry";

registerOperation({
  method: "get",
  path: "/api/v1/openapi.json",
  operationId: "getOpenApiDocument",
  summary: "This OpenAPI 3.1 document",
  tag: "Meta",
  auth: "public",
  responses: { 200: { description: "The document", contentType: "application/json" } },
});

registerOperation({
  method: "get",
  path: "/api/metrics",
  operationId: "getPrometheusMetrics",
  summary: "Prometheus metrics for operators",
  description:
    "Text exposition format 0.0.4. Needs `Authorization: Bearer <METRICS_TOKEN>` (not a session or API key); 404 while METRICS_TOKEN is unset. Spend and events by team and model this month (organization time zone), budget amount/spent/remaining, outbox depth and failures, reprice job progress (all from the database), and per-process ingest counters (label `process`). See docs/grafana-dashboard.json.",
  tag: "Meta",
  auth: "public",
  responses: { 200: { description: "The metrics", contentType: "text/plain; version=0.0.4" } },
  errors: { 401: "Wrong or missing metrics token", 404: "METRICS_TOKEN is not configured" },
});
