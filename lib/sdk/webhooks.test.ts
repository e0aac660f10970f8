import { describe, expect, it } from "vitest";
import { computeWebhookSignature, parseSignatureHeader, signWebhookPayload, verifyWebhookSignature } from "./index";

// Expected values computed independently: python3 hmac.new(secret, f"{t}.{body}".encode(), sha256).hexdigest()
const VECTORS: [secret: string, t: number, body: string, hex: string][] = [
  ["whsec_test", 1700000000, '{"a":1}', "38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"],
  ["secret", 0, "", "3445798a051818ef95def46c2eb62b43d377ce6e3c29b4d0aec3da0e59577f79"],
  ["whsec_abc", 1764633600, '{"text":"Budget 80% – café"}', "72c69c1fb0a7d302101ffd54fb854d7085c55f4f69d70b9dc42507087049939a"],
];

describe("computeWebhookSignature", () => {
  it.each(VECTORS)("HMAC-SHA256(%s, t.body) at t=%i", async (secret, t, body, hex) => {
    expect(await computeWebhookSignature(secret, t, body)).toBe(hex);
    expect(await computeWebhookSignature(secret, t, new TextEncoder().encode(body))).toBe(hex);
    expect(await signWebhookPayload(secret, t, body)).toBe(`t=${t},v1=${hex}`);
  });
});

const T = 1764633600;
const BODY = '{"text":"Budget 80% – café"}';
const SIG = "72c69c1fb0a7d302101ffd54fb854d7085c55f4f69d70b9dc42507087049939a";

describe("verifyWebhookSignature", () => {
  it.each([
    ["exact", { header: `t=${T},v1=${SIG}`, now: T }, { ok: true, timestamp: T }],
    ["299 s late", { header: `t=${T},v1=${SIG}`, now: T + 299 }, { ok: true, timestamp: T }],
    ["300 s late (edge of the window)", { header: `t=${T},v1=${SIG}`, now: T + 300 }, { ok: true, timestamp: T }],
    ["301 s late: stale", { header: `t=${T},v1=${SIG}`, now: T + 301 }, { ok: false, reason: "stale_timestamp" }],
    ["an hour early: stale", { header: `t=${T},v1=${SIG}`, now: T - 3600 }, { ok: false, reason: "stale_timestamp" }],
    ["wider tolerance", { header: `t=${T},v1=${SIG}`, now: T + 600, toleranceSeconds: 900 }, { ok: true, timestamp: T }],
    ["uppercase hex, spaces", { header: ` t=${T} , v1=${SIG.toUpperCase()} `, now: T }, { ok: true, timestamp: T }],
    ["one of several v1 (rotation)", { header: `t=${T},v1=${"0".repeat(64)},v1=${SIG}`, now: T }, { ok: true, timestamp: T }],
    ["tampered body", { header: `t=${T},v1=${SIG}`, now: T, payload: BODY.replace("80", "90") }, { ok: false, reason: "signature_mismatch" }],
    ["timestamp moved (replay with a fresh t)", { header: `t=${T + 60},v1=${SIG}`, now: T + 60 }, { ok: false, reason: "signature_mismatch" }],
    ["wrong secret", { header: `t=${T},v1=${SIG}`, now: T, secret: "whsec_abd" }, { ok: false, reason: "signature_mismatch" }],
    ["stale and forged: mismatch first", { header: `t=${T},v1=${"a".repeat(64)}`, now: T + 9999 }, { ok: false, reason: "signature_mismatch" }],
    ["no v1", { header: `t=${T},v0=${SIG}`, now: T }, { ok: false, reason: "no_signature" }],
    ["short v1 ignored", { header: `t=${T},v1=abc`, now: T }, { ok: false, reason: "no_signature" }],
    ["no t", { header: `v1=${SIG}`, now: T }, { ok: false, reason: "malformed_header" }],
    ["t not a number", { header: `t=12a,v1=${SIG}`, now: T }, { ok: false, reason: "malformed_header" }],
    ["garbage", { header: "hello", now: T }, { ok: false, reason: "malformed_header" }],
    ["empty", { header: "", now: T }, { ok: false, reason: "malformed_header" }],
    ["missing", { header: null, now: T }, { ok: false, reason: "malformed_header" }],
  ] as const)("%s", async (_name, over, expected) => {
    const r = await verifyWebhookSignature({ payload: BODY, secret: "whsec_abc", ...over });
    expect(r).toEqual(expected);
  });

  it("verifies what signWebhookPayload signed, with the default clock", async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = await signWebhookPayload("whsec_live", now, BODY);
    expect(await verifyWebhookSignature({ payload: BODY, header, secret: "whsec_live" })).toEqual({ ok: true, timestamp: now });
  });
});

describe("parseSignatureHeader", () => {
  it.each([
    ["t=5,v1=" + SIG, { timestamp: 5, signatures: [SIG] }],
    ["t=5", { timestamp: 5, signatures: [] }],
    ["t=5,v1", null],
    ["t=1234567890123,v1=" + SIG, null],
  ])("%s", (h, expected) => expect(parseSignatureHeader(h)).toEqual(expected));
});
