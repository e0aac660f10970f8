import { startSmtpCapture } from "./support/smtp-capture";

/** A real SMTP server on loopback that the app sends alert mail to; tests read what it received. */
export default async function globalSetup() {
  const capture = await startSmtpCapture(Number(process.env.E2E_SMTP_PORT), mailDir());
  return async () => capture.close();
}

export function mailDir(): string {
  return `${process.env.E2E_DATA_DIR}/mail`;
}
