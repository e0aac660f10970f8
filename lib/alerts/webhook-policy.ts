/**
 * Which addresses an alert webhook may reach, and how a webhook URL is shown. Pure: no DNS, no sockets.
 *
 * Invariants:
 *  - Only public unicast addresses are allowed: IPv4 outside the special-purpose blocks (loopback, private,
 *    CGNAT, link-local, "this network", documentation, benchmarking, multicast, reserved, broadcast) and IPv6
 *    in global unicast 2000::/3 outside documentation, Teredo and 6to4. Everything else (::1, ::, fc00::/7,
 *    fe80::/10, ff00::/8, NAT64, IPv4-compatible) is refused; IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as
 *    the IPv4 address it carries.
 *  - A host named in the operator's allow-list (WEBHOOK_ALLOWED_PRIVATE_HOSTS, compared case-insensitively with
 *    the URL's host name, brackets stripped) may resolve to any address: that is how an operator lets alerts
 *    reach an internal chat server, and how tests reach a receiver on 127.0.0.1.
 *  - Something that is not an IP address is never "allowed" here; the sender checks every address DNS gave.
 *  - A masked URL shows scheme, host and the last 4 characters of the rest, never credentials, path or query.
 */
import { isIP } from "node:net";

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

type V4Block = readonly [base: number, prefix: number, reason: string];

const v4 = (s: string): number => s.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);

const V4_BLOCKED: readonly V4Block[] = [
  [v4("0.0.0.0"), 8, "\"this network\" address"],
  [v4("10.0.0.0"), 8, "private address"],
  [v4("100.64.0.0"), 10, "shared (CGNAT) address"],
  [v4("127.0.0.0"), 8, "loopback address"],
  [v4("169.254.0.0"), 16, "link-local address"],
  [v4("172.16.0.0"), 12, "private address"],
  [v4("192.0.0.0"), 24, "special-purpose address"],
  [v4("192.0.2.0"), 24, "documentation address"],
  [v4("192.88.99.0"), 24, "6to4 relay address"],
  [v4("192.168.0.0"), 16, "private address"],
  [v4("198.18.0.0"), 15, "benchmarking address"],
  [v4("198.51.100.0"), 24, "documentation address"],
  [v4("203.0.113.0"), 24, "documentation address"],
  [v4("224.0.0.0"), 4, "multicast address"],
  [v4("240.0.0.0"), 4, "reserved address"],
];

function inV4Block(addr: number, [base, prefix]: V4Block): boolean {
  const size = 2 ** (32 - prefix);
  return addr >= base && addr < base + size;
}

function checkV4(ip: string): AddressVerdict {
  const n = v4(ip);
  const hit = V4_BLOCKED.find((b) => inV4Block(n, b));
  return hit ? { allowed: false, reason: hit[2] } : { allowed: true };
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part included); null when malformed. */
export function ipv6Groups(ip: string): number[] | null {
  let s = ip.toLowerCase();
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    // A trailing dotted IPv4 part is the last two groups.
    if (isIP(dotted[1]) !== 4) return null;
    const n = v4(dotted[1]);
    s = `${s.slice(0, dotted.index)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const hextet = (h: string) => (/^[0-9a-f]{1,4}$/.test(h) ? parseInt(h, 16) : NaN);
  const parse = (part: string) => (part === "" ? [] : part.split(":").map(hextet));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const given = head.length + rest.length;
  if (halves.length === 1 && given !== 8) return null;
  if (halves.length === 2 && given > 7) return null;
  const groups = [...head, ...Array(8 - given).fill(0), ...rest];
  return groups.some((g) => Number.isNaN(g)) ? null : groups;
}

function checkV6(ip: string): AddressVerdict {
  const g = ipv6Groups(ip);
  if (!g) return { allowed: false, reason: "not an IP address" };
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d — an IPv4 address in IPv6 clothing: judge the IPv4 address.
  if (zeros(0, 5) && g[5] === 0xffff) {
    return checkV4([g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join("."));
  }
  if (zeros(0, 8)) return { allowed: false, reason: "unspecified address" };
  if (zeros(0, 7) && g[7] === 1) return { allowed: false, reason: "loopback address" };
  if ((g[0] & 0xfe00) === 0xfc00) return { allowed: false, reason: "unique-local address" };
  if ((g[0] & 0xffc0) === 0xfe80) return { allowed: false, reason: "link-local address" };
  if ((g[0] & 0xff00) === 0xff00) return { allowed: false, reason: "multicast address" };
  if ((g[0] & 0xe000) !== 0x2000) return { allowed: false, reason: "non-global IPv6 address" };
  if (g[0] === 0x2001 && g[1] === 0x0db8) return { allowed: false, reason: "documentation address" };
  if (g[0] === 0x2001 && g[1] === 0) return { allowed: false, reason: "Teredo address" };
  if (g[0] === 0x2002) return { allowed: false, reason: "6to4 address" };
  return { allowed: true };
}

/** Whether a webhook may connect to this IP address (v4 or v6 text form). */
export function checkAddress(ip: string): AddressVerdict {
  const kind = isIP(ip);
  if (kind === 4) return checkV4(ip);
  if (kind === 6) return checkV6(ip);
  return { allowed: false, reason: "not an IP address" };
}

/** The URL's host name as compared with the allow-list and resolved: lower case, IPv6 brackets stripped. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
}

export function isAllowedPrivateHost(host: string, allowedHosts: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return allowedHosts.some((a) => a.toLowerCase().replace(/^\[(.*)\]$/, "$1") === h);
}

/** Names that always mean this machine, whatever DNS says. */
const LOCAL_NAMES = /(^|\.)localhost\.?$/;

/**
 * Save-time check of a webhook URL (the send-time check on resolved addresses is the one that counts).
 * Returns a message for the webhookUrl field, or null when the URL may be stored.
 */
export function webhookUrlProblem(raw: string, allowedHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "an http(s) URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "an http(s) URL";
  if (url.username || url.password) {
    return "must not contain a user name or password (put a token in the path or query)";
  }
  const host = hostOf(url);
  if (!host) return "needs a host";
  if (isAllowedPrivateHost(host, allowedHosts)) return null;
  if (LOCAL_NAMES.test(host)) return "must not point at this server (localhost)";
  if (isIP(host)) {
    const v = checkAddress(host);
    if (!v.allowed) return `must not point at a ${v.reason} (internal network)`;
  }
  return null;
}

/** How a stored webhook URL is shown after creation: scheme://host/…last4 (no credentials, path or query). */
export function maskWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "(hidden)";
  }
  const rest = `${url.pathname}${url.search}${url.hash}`.replace(/^\/$/, "");
  const last4 = rest.length > 8 ? rest.slice(-4) : "";
  return `${url.protocol}//${url.host}/…${last4}`;
}
