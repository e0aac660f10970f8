import type { TestProject } from "vitest/node";
import { createFreshDatabase } from "../support/fresh-database";

/**
 * One fresh database per run: created on DATABASE_URL's server (CI: the local PostgreSQL), or an embedded
 * PostgreSQL when none is configured. Migrations are applied exactly as `spendscope migrate` does.
 */
export default async function setup(project: TestProject) {
  const fresh = await createFreshDatabase("spendscope_it");
  project.provide("databaseUrl", fresh.url);
  project.provide("serverUrl", fresh.serverUrl ?? "");
  return async () => fresh.drop();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
  }
}
