import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets, redactUrl } from "./redact";

describe("redactSecrets", () => {
  it.each([
    [
      "a webhook URL keeps its origin",
      { webhookUrl: "https://hooks.example.com/T0/B0/s3cret?x=1" },
      { webhookUrl: `https://hooks.example.com/${REDACTED}` },
    ],
    ["a key hash", { prefix: "ss_live_ab", hash: "e3b0c442" }, { prefix: "ss_live_ab", hash: REDACTED }],
    [
      "a password hash, nested",
      { user: { email: "a@b.c", passwordHash: "scrypt$x" } },
      { user: { email: "a@b.c", passwordHash: REDACTED } },
    ],
    ["inside arrays", [{ token: "t" }, { name: "n" }], [{ token: REDACTED }, { name: "n" }]],
    ["null secrets stay null", { webhookUrl: null, hash: null }, { webhookUrl: null, hash: null }],
    [
      "everything else unchanged",
      { name: "Alpha", amount: "10.5", recipients: ["a@b.c"] },
      { name: "Alpha", amount: "10.5", recipients: ["a@b.c"] },
    ],
    ["scalars", "plain", "plain"],
  ])("%s", (_name, input, expected) => {
    expect(redactSecrets(input)).toEqual(expected);
  });

  it("a malformed URL is redacted whole", () => {
    expect(redactUrl("not a url with secret")).toBe(REDACTED);
  });
});
