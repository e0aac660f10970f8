import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import "./routes";
import { isRegistered } from "./registry";

/** Every app/api/v1 route handler must be documented: this fails when one is added without a registration. */

const root = path.resolve(import.meta.dirname, "../../app/api/v1");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return name === "route.ts" ? [p] : [];
  });
}

/** app/api/v1/pricing/snapshots/[id]/route.ts -> /api/v1/pricing/snapshots/{id} (route groups dropped). */
export function openApiPath(file: string): string {
  const rel = path.relative(root, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return ["/api/v1", ...rel.map((s) => s.replace(/^\[\.{0,3}(.+)\]$/, "{$1}"))].join("/").replace(/\/$/, "");
}

const METHOD_RE = /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g;

describe("OpenAPI coverage", () => {
  const handlers = routeFiles(root).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(METHOD_RE)].map((m) => ({ method: m[1].toLowerCase(), path: openApiPath(file), file: path.relative(root, file) })),
  );

  it("finds the route handlers", () => {
    expect(handlers.some((h) => h.method === "post" && h.path === "/api/v1/usage")).toBe(true);
  });

  it("maps file paths to OpenAPI paths", () => {
    expect(openApiPath(path.join(root, "pricing/snapshots/[id]/route.ts"))).toBe("/api/v1/pricing/snapshots/{id}");
    expect(openApiPath(path.join(root, "openapi.json/route.ts"))).toBe("/api/v1/openapi.json");
  });

  it("has a registration for every /api/v1 route handler", () => {
    const missing = handlers.filter((h) => !isRegistered(h.method, h.path)).map((h) => `${h.method.toUpperCase()} ${h.path} (${h.file})`);
    expect(missing, "register these in lib/openapi/routes/").toEqual([]);
  });
});
