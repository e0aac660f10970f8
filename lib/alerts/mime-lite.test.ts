import { describe, expect, it } from "vitest";
import { createTransport } from "nodemailer";
import { decodeEncodedWords, decodeQuotedPrintable, parseMail } from "./mime-lite";

async function compose(message: { subject: string; text: string; html?: string }): Promise<string> {
  // nodemailer's stream transport builds the exact bytes SMTP would carry, without a network.
  const t = createTransport({ streamTransport: true, buffer: true, newline: "\r\n" });
  const info = await t.sendMail({ from: "a@x.test", to: "b@x.test", messageId: "<abc@spendscope>", ...message });
  return (info.message as Buffer).toString("utf8");
}

describe("parseMail", () => {
  it("reads back subject, Message-ID, text and HTML of a multipart message with non-ASCII text", async () => {
    const text = `Spend spiked to $15.00/h, 3.0× the average · ${"long line ".repeat(20)}\nsecond line`;
    const raw = await compose({ subject: "[Spendscope] Budget: 80% reached · team Creative Studio", text, html: "<p>80% · ok</p>" });
    const m = parseMail(raw);
    expect(m.subject).toBe("[Spendscope] Budget: 80% reached · team Creative Studio");
    expect(m.messageId).toBe("abc@spendscope");
    expect(m.text).toBe(text);
    expect(m.html).toBe("<p>80% · ok</p>");
  });

  it("reads a plain ASCII text-only message", async () => {
    const m = parseMail(await compose({ subject: "plain", text: "hello\nworld" }));
    expect(m).toMatchObject({ subject: "plain", text: "hello\nworld", html: "" });
  });
});

describe("decoders", () => {
  it.each([
    ["=C3=97 soft=\r\nbreak", "× softbreak"],
    ["a=3Db", "a=b"],
  ])("quoted-printable %j", (input, out) => {
    expect(decodeQuotedPrintable(input)).toBe(out);
  });

  it.each([
    ["=?UTF-8?Q?a_=C2=B7_b?=", "a · b"],
    ["=?UTF-8?B?w5c=?= x", "× x"],
    ["=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"],
  ])("encoded words %j", (input, out) => {
    expect(decodeEncodedWords(input)).toBe(out);
  });
});
