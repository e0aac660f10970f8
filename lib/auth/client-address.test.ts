import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustProxy, PEER_HEADER, TRUST_NONE, type TrustProxy } from "./client-address";

const hops = (n: number): TrustProxy => ({ kind: "hops", hops: n });
const list = (...addresses: string[]): TrustProxy => ({ kind: "addresses", addresses });

describe("clientAddress", () => {
  it.each<[string, Record<string, string>, TrustProxy, string]>([
    ["untrusted: the peer, whatever X-Forwarded-For says", { [PEER_HEADER]: "203.0.113.9", "x-forwarded-for": "1.2.3.4" }, TRUST_NONE, "203.0.113.9"],
    ["untrusted: a forged peer header is the server's job to overwrite; no peer is unknown", { "x-forwarded-for": "1.2.3.4" }, TRUST_NONE, "unknown"],
    ["IPv4-mapped peer is plain IPv4", { [PEER_HEADER]: "::ffff:127.0.0.1" }, TRUST_NONE, "127.0.0.1"],
    ["1 hop: the address the proxy appended", { [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.7" }, hops(1), "198.51.100.7"],
    ["1 hop without X-Forwarded-For: the peer", { [PEER_HEADER]: "10.0.0.2" }, hops(1), "10.0.0.2"],
    ["2 hops", { [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.1" }, hops(2), "198.51.100.7"],
    ["more hops than entries: the leftmost", { [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "198.51.100.7" }, hops(5), "198.51.100.7"],
    ["listed proxies are skipped from the right", { [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.1" }, list("10.0.0.1", "10.0.0.2"), "198.51.100.7"],
    ["an unlisted peer is the client", { [PEER_HEADER]: "203.0.113.9", "x-forwarded-for": "1.2.3.4" }, list("10.0.0.2"), "203.0.113.9"],
    ["all trusted: the leftmost", { [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "10.0.0.1" }, list("10.0.0.1", "10.0.0.2"), "10.0.0.1"],
    ["IPv6 peer in the list", { [PEER_HEADER]: "::1", "x-forwarded-for": "2001:db8::5" }, list("::1"), "2001:db8::5"],
  ])("%s", (_name, headers, trust, expected) => {
    expect(clientAddress(headers, trust)).toBe(expected);
    expect(clientAddress(new Headers(headers), trust)).toBe(expected);
  });
});

describe("parseTrustProxy", () => {
  it.each<[string | undefined, TrustProxy]>([
    [undefined, TRUST_NONE],
    ["", TRUST_NONE],
    ["0", TRUST_NONE],
    ["1", hops(1)],
    ["10", hops(10)],
    ["10.0.0.1", list("10.0.0.1")],
    ["10.0.0.1, ::1", list("10.0.0.1", "::1")],
  ])("accepts %j", (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([["11"], ["true"], ["10.0.0.0/8"], ["proxy.internal"], ["10.0.0.1,,"]])("rejects %j", (raw) => {
    expect(parseTrustProxy(raw).ok).toBe(false);
  });
});
