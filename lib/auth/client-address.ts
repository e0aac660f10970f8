import { isIP } from "node:net";

/**
 * The one owner of "the client address of a request" (sign-in throttling keys on it; anything else that needs a
 * client address calls clientAddress, never reads X-Forwarded-For itself). Pure, no I/O.
 *
 * The TCP peer comes from PEER_HEADER, which the production server (scripts/server.js) sets on every request from
 * the socket, overwriting anything a client sent. X-Forwarded-For is a list any client can write; only the entries
 * appended by proxies the operator trusts (TRUST_PROXY) are believed:
 *  - unset / 0: no proxy is trusted, the client is the peer and X-Forwarded-For is ignored;
 *  - a number n: n proxies in front of the app; the client is the n-th address from the right of
 *    [...X-Forwarded-For, peer] (the leftmost one when the list is shorter);
 *  - a list of addresses: walk [...X-Forwarded-For, peer] from the right past every trusted address; the client is
 *    the first untrusted one (the leftmost when all are trusted).
 * Without a peer (a server that did not set it, e.g. `next dev`) the peer is "unknown".
 */
export const PEER_HEADER = "x-spendscope-peer";

export type TrustProxy = { kind: "hops"; hops: number } | { kind: "addresses"; addresses: string[] };
export const TRUST_NONE: TrustProxy = { kind: "hops", hops: 0 };

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderSource, name: string): string | undefined {
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name) ?? undefined;
  const v = (h as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** Canonical text of an address: trimmed, lower case, IPv4-mapped IPv6 as plain IPv4. */
export function normalizeAddress(raw: string): string {
  const a = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped ? mapped[1] : a;
}

export function clientAddress(headers: HeaderSource, trust: TrustProxy): string {
  const peer = normalizeAddress(header(headers, PEER_HEADER) ?? "") || "unknown";
  if (trust.kind === "hops" && trust.hops === 0) return peer;
  const forwarded = (header(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map(normalizeAddress)
    .filter((a) => a !== "");
  const chain = [...forwarded, peer];
  if (trust.kind === "hops") return chain[Math.max(0, chain.length - 1 - trust.hops)];
  const trusted = new Set(trust.addresses.map(normalizeAddress));
  let i = chain.length - 1;
  while (i > 0 && trusted.has(chain[i])) i--;
  return chain[i];
}

export type TrustProxyParse = { ok: true; value: TrustProxy } | { ok: false; error: string };

/** TRUST_PROXY's value: unset, a hop count 0–10, or a comma-separated list of IP addresses. */
export function parseTrustProxy(raw: string | undefined): TrustProxyParse {
  const v = raw?.trim() ?? "";
  if (v === "" || v === "false") return { ok: true, value: TRUST_NONE };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops <= 10 ? { ok: true, value: { kind: "hops", hops } } : { ok: false, error: "at most 10 proxy hops" };
  }
  const addresses = v.split(",").map(normalizeAddress);
  const bad = addresses.find((a) => isIP(a) === 0);
  if (bad !== undefined) {
    return { ok: false, error: `"${bad}" is not an IP address (a hop count or IP addresses, comma-separated)` };
  }
  return { ok: true, value: { kind: "addresses", addresses } };
}
