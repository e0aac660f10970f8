import { readFile } from "node:fs/promises";
import { describe, expect, it, inject } from "vitest";
import { diffMigrationsToSchema, SCHEMA_PATH } from "@/lib/db/schema-engine";

// The engine replays the migrations into a throwaway database that it creates on the server; the embedded
// database is a single database and cannot host one, so this check needs a PostgreSQL server (CI has one).
const server = inject("serverUrl");

describe.skipIf(!server)("schema.prisma and prisma/migrations", () => {
  it("are in sync (run `npm run db:migration <name>` after changing the schema)", async () => {
    const sql = await diffMigrationsToSchema(server);
    expect(sql, `migrations are behind schema.prisma:\n${sql}`).toBe("");
  });

  it("the drift check notices a model the migrations lack", async () => {
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const sql = await diffMigrationsToSchema(server, `${schema}\nmodel DriftProbe {\n  id Int @id\n  @@map("drift_probe")\n}\n`);
    expect(sql).toContain('CREATE TABLE "drift_probe"');
  });
});
