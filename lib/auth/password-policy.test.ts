import { describe, expect, it } from "vitest";
import { FirstAdminInput, passwordWeakness } from "./password-policy";

describe("passwordWeakness", () => {
  it.each([
    ["short1!", "", "at least 12 characters"],
    ["aaaaaaaaaaaaaa", "", "not a repeated character or a simple sequence"],
    ["123456789012", "", "not only digits"],
    ["abcdefghijklm", "", "not a repeated character or a simple sequence"],
    ["abababababab", "", "at least 5 different characters"],
    ["Password1234", "", "not a well-known password"],
    ["spendscope-admin", "", "not a well-known password"],
    ["ops.lead@acme.io", "ops.lead@acme.io", "must not contain the email address"],
    ["my-ops.lead-2026", "ops.lead@acme.io", "must not contain the email address"],
    ["x".repeat(201), "", "at most 200 characters"],
  ])("rejects %j (email %j): %s", (password, email, message) => {
    expect(passwordWeakness(password, email)).toBe(message);
  });

  it.each([["correct horse battery"], ["Tr0ub4dor&3-long"], ["ops-2026-spend!"], ["ünïcödé-pässwörd"]])("accepts %j", (password) => {
    expect(passwordWeakness(password, "ops.lead@acme.io")).toBeNull();
  });
});

describe("FirstAdminInput", () => {
  it.each([
    [{ email: "nope", name: "A", password: "correct horse battery", confirm: "correct horse battery" }, "email"],
    [{ email: "a@b.co", name: "", password: "correct horse battery", confirm: "correct horse battery" }, "name"],
    [{ email: "a@b.co", name: "A", password: "short", confirm: "short" }, "password"],
    [{ email: "a@b.co", name: "A", password: "correct horse battery", confirm: "correct horse batterz" }, "confirm"],
  ])("names the bad field %#", (input, field) => {
    const r = FirstAdminInput.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toContain(field);
  });

  it("normalizes the email", () => {
    const r = FirstAdminInput.parse({ email: " Ops@Acme.IO ", name: "Ops", password: "correct horse battery", confirm: "correct horse battery" });
    expect(r.email).toBe("ops@acme.io");
  });
});
