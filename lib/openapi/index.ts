import "./routes";
import { registeredOperations } from "./registry";
import { buildOpenApiDocument, type OpenApiDocument } from "./document";

export type { OpenApiDocument } from "./document";

let cached: OpenApiDocument | null = null;

/** The API's OpenAPI 3.1 document (built once per process). */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(registeredOperations());
  return cached;
}
