import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, crossSiteWriteRejection } from "./policy";

const ORIGIN = "http://localhost:3000";
const request = (method: string, headers: Record<string, string>) => ({
  method,
  origins: [ORIGIN, "https://spend.example.com"],
  header: (n: string) => headers[n] ?? null,
});

describe("crossSiteWriteRejection", () => {
  it.each<[string, string, Record<string, string>, boolean]>([
    ["GET with cookies from anywhere", "GET", { cookie: "s=1", origin: "https://evil.test", "sec-fetch-site": "cross-site" }, false],
    ["same-origin POST with cookies", "POST", { cookie: "s=1", origin: ORIGIN, "sec-fetch-site": "same-origin" }, false],
    ["typed navigation (Sec-Fetch-Site none)", "POST", { cookie: "s=1", "sec-fetch-site": "none" }, false],
    ["cross-site POST with cookies", "POST", { cookie: "s=1", origin: "https://evil.test", "sec-fetch-site": "cross-site" }, true],
    ["same-site (another subdomain) DELETE with cookies", "DELETE", { cookie: "s=1", "sec-fetch-site": "same-site" }, true],
    ["old browser: foreign Origin only", "PUT", { cookie: "s=1", origin: "https://evil.test" }, true],
    ["Origin null (sandboxed frame)", "PATCH", { cookie: "s=1", origin: "null" }, true],
    ["no Fetch metadata, foreign Referer", "POST", { cookie: "s=1", referer: "https://evil.test/x" }, true],
    ["no Fetch metadata, own Referer", "POST", { cookie: "s=1", referer: `${ORIGIN}/alerts` }, false],
    ["cross-site POST without cookies (nothing ambient)", "POST", { origin: "https://evil.test", "sec-fetch-site": "cross-site" }, false],
    ["bearer key from a script elsewhere", "POST", { authorization: "Bearer ss_x", cookie: "s=1", origin: "https://evil.test" }, false],
    ["lower-case method", "post", { cookie: "s=1", origin: "https://evil.test" }, true],
  ])("%s", (_name, method, headers, rejected) => {
    expect(crossSiteWriteRejection(request(method, headers)) !== null).toBe(rejected);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce, forbids framing, and adds eval only in development", () => {
    const csp = contentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(contentSecurityPolicy("abc123", true)).toContain("'unsafe-eval'");
  });
});
