import { describe, expect, it } from "vitest";
import { checkAddress, ipv6Groups, isAllowedPrivateHost, maskWebhookUrl, webhookUrlProblem } from "./webhook-policy";

describe("checkAddress", () => {
  it.each([
    // IPv4 public
    ["8.8.8.8", true],
    ["1.1.1.1", true],
    ["100.63.255.255", true],
    ["100.128.0.0", true],
    ["172.15.255.255", true],
    ["172.32.0.0", true],
    ["192.167.255.255", true],
    ["223.255.255.255", true],
    // IPv4 refused
    ["0.0.0.0", false],
    ["0.1.2.3", false],
    ["10.0.0.1", false],
    ["10.255.255.255", false],
    ["100.64.0.1", false],
    ["100.127.255.255", false],
    ["127.0.0.1", false],
    ["127.255.255.254", false],
    ["169.254.169.254", false],
    ["172.16.0.1", false],
    ["172.31.255.255", false],
    ["192.0.0.170", false],
    ["192.0.2.1", false],
    ["192.168.1.1", false],
    ["198.18.0.1", false],
    ["198.19.255.255", false],
    ["198.51.100.7", false],
    ["203.0.113.9", false],
    ["224.0.0.1", false],
    ["239.255.255.250", false],
    ["240.0.0.1", false],
    ["255.255.255.255", false],
    // IPv6 public
    ["2606:4700:4700::1111", true],
    ["2a00:1450:4001:80b::200e", true],
    ["2001:4860:4860::8888", true],
    // IPv6 refused
    ["::", false],
    ["::1", false],
    ["0:0:0:0:0:0:0:1", false],
    ["fc00::1", false],
    ["fd12:3456:789a::1", false],
    ["fe80::1", false],
    ["fe80::1%eth0", false],
    ["febf::1", false],
    ["ff02::1", false],
    ["64:ff9b::7f00:1", false],
    ["::127.0.0.1", false],
    ["100::1", false],
    ["2001:db8::1", false],
    ["2001:0:4136:e378::1", false],
    ["2002:7f00:1::1", false],
    // IPv4-mapped IPv6: judged as the IPv4 address
    ["::ffff:127.0.0.1", false],
    ["::ffff:7f00:1", false],
    ["::FFFF:169.254.169.254", false],
    ["::ffff:a9fe:a9fe", false],
    ["::ffff:10.1.2.3", false],
    ["0:0:0:0:0:ffff:c0a8:101", false],
    ["::ffff:8.8.8.8", true],
    ["::ffff:808:808", true],
    // not addresses
    ["localhost", false],
    ["example.com", false],
    ["", false],
    ["1.2.3", false],
    ["::ffff:999.1.1.1", false],
  ])("%s → allowed %s", (ip, allowed) => {
    expect(checkAddress(ip).allowed).toBe(allowed);
  });

  it("says why an address is refused", () => {
    expect(checkAddress("169.254.169.254")).toEqual({ allowed: false, reason: "link-local address" });
    expect(checkAddress("fd00::1")).toEqual({ allowed: false, reason: "unique-local address" });
  });
});

describe("ipv6Groups", () => {
  it.each([
    ["::1", [0, 0, 0, 0, 0, 0, 0, 1]],
    ["1::", [1, 0, 0, 0, 0, 0, 0, 0]],
    ["::ffff:1.2.3.4", [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]],
    ["1:2:3:4:5:6:7:8", [1, 2, 3, 4, 5, 6, 7, 8]],
    ["1:2:3:4:5:6:7", null],
    ["1::2::3", null],
    ["1:2:3:4:5:6:7:8:9", null],
    ["g::1", null],
  ])("%s", (ip, groups) => {
    expect(ipv6Groups(ip)).toEqual(groups);
  });
});

describe("webhookUrlProblem (save time)", () => {
  it.each([
    ["https://hooks.example.com/services/T000/B000/XXXX", [], null],
    ["http://example.org:8080/hook", [], null],
    ["ftp://example.org/hook", [], "an http(s) URL"],
    ["javascript:alert(1)", [], "an http(s) URL"],
    ["not a url", [], "an http(s) URL"],
    ["https://user:pass@example.com/hook", [], "must not contain a user name or password (put a token in the path or query)"],
    ["http://127.0.0.1:8080/hook", [], "must not point at a loopback address (internal network)"],
    ["http://169.254.169.254/latest/meta-data", [], "must not point at a link-local address (internal network)"],
    ["http://10.0.0.5/hook", [], "must not point at a private address (internal network)"],
    ["http://100.100.100.100/hook", [], "must not point at a shared (CGNAT) address (internal network)"],
    ["http://[::1]/hook", [], "must not point at a loopback address (internal network)"],
    ["http://[fd00::5]/hook", [], "must not point at a unique-local address (internal network)"],
    ["http://[::ffff:127.0.0.1]/hook", [], "must not point at a loopback address (internal network)"],
    ["http://0.0.0.0/hook", [], "must not point at a \"this network\" address (internal network)"],
    ["http://2130706433/hook", [], "must not point at a loopback address (internal network)"],
    ["http://0x7f.1/hook", [], "must not point at a loopback address (internal network)"],
    ["http://localhost:3000/hook", [], "must not point at this server (localhost)"],
    ["http://api.localhost/hook", [], "must not point at this server (localhost)"],
    ["http://127.0.0.1:8080/hook", ["127.0.0.1"], null],
    ["http://chat.internal/hook", [], null],
    ["http://LOCALHOST/hook", ["localhost"], null],
    ["http://[::1]/hook", ["[::1]"], null],
  ] as const)("%s with %j → %s", (url, allowed, problem) => {
    expect(webhookUrlProblem(url, allowed)).toBe(problem);
  });
});

describe("isAllowedPrivateHost", () => {
  it.each([
    ["chat.internal", ["CHAT.internal"], true],
    ["chat.internal", ["other.internal"], false],
    ["::1", ["[::1]"], true],
    ["127.0.0.1", [], false],
  ] as const)("%s in %j → %s", (host, list, ok) => {
    expect(isAllowedPrivateHost(host, list)).toBe(ok);
  });
});

describe("maskWebhookUrl", () => {
  it.each([
    ["https://hooks.slack.com/services/T000/B000/abcdSECRETwxyz", "https://hooks.slack.com/…wxyz"],
    ["https://example.com/hook?token=s3cr3t-value", "https://example.com/…alue"],
    ["http://example.com:8080/", "http://example.com:8080/…"],
    ["http://example.com/abc", "http://example.com/…"],
    ["https://user:pw@example.com/a/very/long/path", "https://example.com/…path"],
    ["nonsense", "(hidden)"],
  ])("%s → %s", (url, masked) => {
    expect(maskWebhookUrl(url)).toBe(masked);
  });
});

describe("WEBHOOK_ALLOWED_PRIVATE_HOSTS (lib/env.ts)", () => {
  const parse = async (value: string) => {
    const { env, resetEnvCache } = await import("@/lib/env");
    const saved = process.env.WEBHOOK_ALLOWED_PRIVATE_HOSTS;
    process.env.WEBHOOK_ALLOWED_PRIVATE_HOSTS = value;
    resetEnvCache();
    try {
      return env().WEBHOOK_ALLOWED_PRIVATE_HOSTS;
    } finally {
      if (saved === undefined) delete process.env.WEBHOOK_ALLOWED_PRIVATE_HOSTS;
      else process.env.WEBHOOK_ALLOWED_PRIVATE_HOSTS = saved;
      resetEnvCache();
    }
  };

  it.each([
    ["", []],
    ["Chat.Internal, 10.0.0.7 ,", ["chat.internal", "10.0.0.7"]],
    ["[::1],fd00::5", ["[::1]", "fd00::5"]],
  ])("%j → %j", async (value, hosts) => {
    expect(await parse(value)).toEqual(hosts);
  });

  it.each(["http://chat.internal", "chat.internal:8080", "chat.internal/path"])("refuses %j", async (value) => {
    await expect(parse(value)).rejects.toThrow(/WEBHOOK_ALLOWED_PRIVATE_HOSTS/);
  });
});
