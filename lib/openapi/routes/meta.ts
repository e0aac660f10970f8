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
