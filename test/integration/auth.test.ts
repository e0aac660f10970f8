import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { principalFromAuthorization } from "@/lib/auth/session";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { recordFailure, throttleWait, clearFailures } from "@/lib/auth/throttle";
import { revokeApiKey } from "@/lib/org/service";
import { CLI_ACTOR } from "@/lib/audit/log";
import { authOptions, SIGN_IN_ERRORS } from "@/lib/auth/options";
import { PEER_HEADER } from "@/lib/auth/client-address";
import { setEnv } from "@/lib/env";
import { createTestKey, createTestOrg } from "./helpers";

describe("API keys", () => {
  it("stores only a hash, authenticates the key, and stops after revocation", async () => {
    const { org } = await createTestOrg();
    const k = await createTestKey(org.id, { team: "alpha", scopes: ["ingest"] });
    const row = await db().apiKey.findUniqueOrThrow({ where: { prefix: k.prefix } });
    expect(row.hash).not.toContain(k.key);
    expect(JSON.stringify(row)).not.toContain(k.key.split("_").pop());
    const p = await principalFromAuthorization(`Bearer ${k.key}`);
    expect(p).toMatchObject({ kind: "key", orgId: org.id, scopes: ["ingest"], prefix: k.prefix });
    expect(p?.teamId).not.toBeNull();
    expect(await principalFromAuthorization(`Bearer ${k.key}x`)).toBeNull();
    expect(await principalFromAuthorization(`Bearer ${k.prefix}_${"a".repeat(32)}`)).toBeNull();
    await revokeApiKey(org.id, k.prefix, CLI_ACTOR);
    expect(await principalFromAuthorization(`Bearer ${k.key}`)).toBeNull();
    const audit = await db().auditLog.findMany({ where: { orgId: org.id, entityType: "api_key" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["api_key.create", "api_key.revoke"]);
  });
});

describe("passwords and sign-in throttling", () => {
  it("verifies scrypt hashes and rejects wrong passwords", async () => {
    const h = await hashPassword("s3cret-pass");
    expect(h.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword("s3cret-pass", h)).toBe(true);
    expect(await verifyPassword("s3cret-pasS", h)).toBe(false);
  });

  it("blocks after repeated failures and clears on success", async () => {
    const key = `email:throttle-${Date.now()}@test.local`;
    const now = new Date();
    for (let i = 0; i < 3; i++) await recordFailure([key], now);
    expect(await throttleWait([key], now)).toBeGreaterThan(0);
    await clearFailures([key]);
    expect(await throttleWait([key], now)).toBe(0);
  });
});

describe("sign-in throttling by client address", () => {
  type Authorize = (creds: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
  const authorize = () => (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

  /** Password spraying: a new email every try, and a new X-Forwarded-For every try, from one TCP peer. */
  async function spray(peer: string, tries: number) {
    const outcomes: string[] = [];
    for (let i = 0; i < tries; i++) {
      const headers = { [PEER_HEADER]: peer, "x-forwarded-for": `198.51.100.${i + 1}` };
      const email = `spray-${i}-${Date.now()}@test.local`;
      outcomes.push(await authorize()({ email, password: "wrong-password" }, { headers }).then(() => "ok", (e: Error) => e.message));
    }
    return outcomes;
  }

  // A block long enough that "blocked" never depends on how fast the tries run (the run's base is 50 ms).
  beforeEach(() => setEnv({ LOGIN_THROTTLE_BASE_MS: "600000" }));
  afterEach(() => setEnv({ TRUST_PROXY: "", LOGIN_THROTTLE_BASE_MS: "50" }));

  it("does not let a client escape by rotating X-Forwarded-For when no proxy is trusted", async () => {
    setEnv({ TRUST_PROXY: "" });
    const outcomes = await spray("203.0.113.77", 5);
    expect(outcomes.slice(0, 3)).toEqual(Array(3).fill(SIGN_IN_ERRORS.invalid));
    expect(outcomes[3]).toContain(SIGN_IN_ERRORS.throttled);
    expect(outcomes[4]).toContain(SIGN_IN_ERRORS.throttled);
  });

  it("believes X-Forwarded-For from a trusted proxy, so each forwarded client has its own count", async () => {
    setEnv({ TRUST_PROXY: "203.0.113.78" });
    const outcomes = await spray("203.0.113.78", 5);
    expect(outcomes).toEqual(Array(5).fill(SIGN_IN_ERRORS.invalid));
  });
});
