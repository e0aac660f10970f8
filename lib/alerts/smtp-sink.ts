/**
 * A local SMTP sink (smtp-server on loopback) that accepts every message and keeps it: in memory (the last
 * `keep`) and, when `dir` is given, as .eml files. The demo runs it when SMTP_URL is unset so alerts work out
 * of the box; tests use it as the real SMTP server on the other end of nodemailer.
 * `rejectWith` makes it answer DATA with an SMTP error, for delivery-failure tests.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { parseMail, type ParsedMail } from "./mime-lite";

export interface ReceivedMail extends ParsedMail {
  from: string;
  to: string[];
  raw: string;
  receivedAt: Date;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Make the next DATA commands fail with this code (e.g. 451 transient, 550 permanent); null to accept again. */
  rejectWith(code: number | null): void;
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  dir?: string;
  keep?: number;
  onMessage?: (m: ReceivedMail) => void;
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = opts.host ?? "127.0.0.1";
  const keep = opts.keep ?? 500;
  const messages: ReceivedMail[] = [];
  let reject: number | null = null;
  if (opts.dir) mkdirSync(opts.dir, { recursive: true });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    banner: "Spendscope local SMTP sink",
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (reject !== null) {
          const err = new Error(`Sink refuses mail (${reject})`) as Error & { responseCode?: number };
          err.responseCode = reject;
          callback(err);
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail: ReceivedMail = {
          ...parseMail(raw),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          receivedAt: new Date(),
        };
        messages.push(mail);
        if (messages.length > keep) messages.splice(0, messages.length - keep);
        if (opts.dir) {
          const name = `${mail.receivedAt.toISOString().replace(/[:.]/g, "-")}-${(mail.messageId || String(messages.length)).replace(/[^a-z0-9@.-]/gi, "")}.eml`;
          try {
            writeFileSync(path.join(opts.dir, name), raw);
          } catch {
            // The copy on disk is a convenience; the message was accepted either way.
          }
        }
        opts.onMessage?.(mail);
        callback();
      });
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    const net = server.listen(opts.port ?? 0, host, () => {
      const addr = net.address();
      resolve(typeof addr === "object" && addr ? addr.port : 0);
    });
    net.once("error", reject);
  });

  return {
    url: `smtp://${host}:${port}`,
    port,
    messages,
    rejectWith: (code) => {
      reject = code;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
