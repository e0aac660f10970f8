/**
 * Just enough MIME to read back what nodemailer sends: headers (with RFC 2047 encoded words), the text and
 * HTML parts of a multipart/alternative message, quoted-printable and base64 bodies. Used by the SMTP sink and
 * tests; not a general mail parser.
 */
export interface ParsedMail {
  subject: string;
  messageId: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

function splitHead(raw: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) return { head: raw, body: "" };
  return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

function parseHeaders(head: string): Record<string, string> {
  const out: Record<string, string> = {};
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    if (!(k in out)) out[k] = line.slice(i + 1).trim();
  }
  return out;
}

export function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, "utf8")) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** =?UTF-8?Q?...?= and =?UTF-8?B?...?= words, adjacent words joined without the whitespace between them. */
export function decodeEncodedWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? "").toLowerCase()) {
    case "quoted-printable":
      return decodeQuotedPrintable(body);
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    default:
      return body;
  }
}

function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary="?([^";]+)"?/i.exec(contentType ?? "");
  return m ? m[1] : null;
}

function collectParts(head: Record<string, string>, body: string, out: { text: string; html: string }): void {
  const type = (head["content-type"] ?? "text/plain").toLowerCase();
  const boundary = boundaryOf(head["content-type"]);
  if (type.startsWith("multipart/") && boundary) {
    const pieces = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:--)?\\r?\\n?`));
    for (const piece of pieces) {
      if (!piece.trim()) continue;
      const p = splitHead(piece);
      collectParts(parseHeaders(p.head), p.body, out);
    }
    return;
  }
  const decoded = decodeBody(body, head["content-transfer-encoding"]).replace(/\r\n/g, "\n");
  if (type.startsWith("text/html")) out.html ||= decoded;
  else if (type.startsWith("text/plain")) out.text ||= decoded;
}

export function parseMail(raw: string): ParsedMail {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const parts = { text: "", html: "" };
  collectParts(headers, body, parts);
  return {
    subject: decodeEncodedWords(headers["subject"] ?? ""),
    messageId: (headers["message-id"] ?? "").replace(/^<|>$/g, ""),
    headers,
    text: parts.text.replace(/\n$/, ""),
    html: parts.html,
  };
}
