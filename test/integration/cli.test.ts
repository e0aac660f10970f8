import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { hashApiKey } from "@/lib/auth/api-key-format";

const root = path.resolve(import.meta.dirname, "../..");
function cli(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, "bin/spendscope.js"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("spendscope CLI", () => {
  it("migrate is idempotent", () => {
    const r = cli(["migrate"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("database is up to date");
  });

  it("creates a team, a user and keys; prints the key last and stores only its hash; revokes", async () => {
    const slug = `cli-${Date.now().toString(36)}`;
    expect(cli(["team", "create", "--slug", slug, "--name", "CLI Team"]).code).toBe(0);
    const email = `${slug}@cli.test`;
    const u = cli(["user", "create", "--email", email, "--role", "member", "--teams", slug]);
    expect(u.code).toBe(0);
    expect(u.stdout).toMatch(/password: \S+/);
    const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: { include: { team: true } } } });
    expect(user.role).toBe("member");
    expect(user.memberships.map((m) => m.team.slug)).toEqual([slug]);

    const k = cli(["key", "create", "--team", slug, "--scopes", "ingest,read", "--name", "ci"]);
    expect(k.code).toBe(0);
    const key = k.stdout.trim().split("\n").pop()!;
    expect(key).toMatch(/^ss_[a-z0-9]{8}_[A-Za-z0-9_-]{32}$/);
    const prefix = key.split("_").slice(0, 2).join("_");
    const row = await db().apiKey.findUniqueOrThrow({ where: { prefix } });
    expect(row.hash).toBe(hashApiKey(key));
    expect(row.scopes).toEqual(["ingest", "read"]);

    expect(cli(["key", "revoke", prefix]).code).toBe(0);
    expect((await db().apiKey.findUniqueOrThrow({ where: { prefix } })).revokedAt).not.toBeNull();
  });

  it.each([
    [["frobnicate"], 2, 'unknown command "frobnicate"'],
    [["key", "create", "--scopes", "ingest", "--name", "x"], 2, "exactly one of --team S or --org"],
    [["key", "create", "--org", "--team", "a", "--scopes", "ingest", "--name", "x"], 2, "exactly one of --team S or --org"],
    [["key", "create", "--org", "--scopes", "write", "--name", "x"], 1, "scopes"],
    [["user", "create", "--email", "x@y.z", "--role", "owner"], 2, "--role must be admin, member or viewer"],
    [["team", "create", "--slug", "Bad Slug", "--name", "x"], 1, "slug"],
    [["team", "create", "--slug", "ok-slug"], 2, "missing --name"],
    [["key", "revoke", "ss_nothere"], 1, "No API key with prefix"],
    [["team", "create", "--bogus"], 2, "Unknown option"],
  ])("rejects %j with exit %i and a clear message", (args, code, message) => {
    const r = cli(args as string[]);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
  });
});
