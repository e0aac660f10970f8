import { expect, test } from "@playwright/test";
import http from "node:http";
import { randomUUID } from "node:crypto";
import { verifyWebhookSignature } from "../lib/sdk";
import { signIn } from "./fixtures";

/** The hooks helper's free port range (4251-4259); 127.0.0.1 is allowed by playwright.config's server env. */
const RECEIVER_PORT = 4251;
const METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef";

interface Hit {
  body: string;
  signature: string | null;
}

function startReceiver(): Promise<{ hits: Hit[]; close: () => Promise<void> }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const sig = req.headers["spendscope-signature"];
      hits.push({ body: Buffer.concat(chunks).toString("utf8"), signature: typeof sig === "string" ? sig : null });
      res.statusCode = 204;
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(RECEIVER_PORT, "127.0.0.1", () => resolve({ hits, close: () => new Promise<void>((r) => server.close(() => r())) })),
  );
}

test("a Slack webhook rule shows its signing secret once; deliveries verify with it, and with the rotated one after", async ({ page }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    const tag = randomUUID().slice(0, 8);
    const name = `E2E hook ${tag}`;
    await signIn(page, "member");
    await page.goto("/alerts/rules/new");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Watch").selectOption("unpriced");
    await page.getByLabel("Team").selectOption({ label: "Creative Studio" });
    await page.getByLabel("Webhook URL (optional)").fill(`http://127.0.0.1:${RECEIVER_PORT}/hooks/${tag}`);
    await page.getByLabel("Webhook payload").selectOption("slack");
    await page.getByRole("button", { name: "Create rule" }).click();

    // Shown once, on the form, until "Done".
    const secretBox = page.getByTestId("webhook-secret-value");
    await expect(secretBox).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/);
    const secret = (await secretBox.textContent()) as string;
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page).toHaveURL(/\/alerts\/rules$/);
    const row = page.getByTestId("rule-row").filter({ hasText: name });
    await expect(row).toContainText("Slack payload · signed");
    await expect(page.locator("body")).not.toContainText(secret);

    await row.getByRole("button", { name: "Send test" }).click();
    await expect(row.getByRole("status")).toContainText("Webhook: delivered.");
    expect(receiver.hits).toHaveLength(1);
    const first = receiver.hits[0];
    expect(await verifyWebhookSignature({ payload: first.body, header: first.signature, secret })).toMatchObject({ ok: true });
    const slack = JSON.parse(first.body) as { text: string; blocks: { type: string }[] };
    expect(slack.text).toContain(`[Test] ${name}`);
    expect(slack.blocks[0].type).toBe("header");

    // Rotate: a new secret, shown once; the next delivery verifies with it and no longer with the old one.
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Rotate secret" }).click();
    const rotatedBox = row.getByTestId("webhook-secret-value");
    await expect(rotatedBox).toHaveText(/^whsec_/);
    const rotated = (await rotatedBox.textContent()) as string;
    expect(rotated).not.toBe(secret);
    await row.getByRole("button", { name: "Done" }).click();
    await expect(rotatedBox).toHaveCount(0);

    await row.getByRole("button", { name: "Send test" }).click();
    await expect(row.getByRole("status")).toContainText("Webhook: delivered.");
    const second = receiver.hits[1];
    expect(await verifyWebhookSignature({ payload: second.body, header: second.signature, secret: rotated })).toMatchObject({ ok: true });
    expect(await verifyWebhookSignature({ payload: second.body, header: second.signature, secret })).toEqual({ ok: false, reason: "signature_mismatch" });
  } finally {
    await receiver.close();
  }
});

test("the metrics endpoint answers Prometheus text to its token only", async ({ request }) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { authorization: "Bearer wrong-token-0123456789" } })).status()).toBe(401);
  const res = await request.get("/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  const text = await res.text();
  expect(text).toContain("# TYPE spendscope_month_spend_usd gauge");
  expect(text).toMatch(/^spendscope_month_spend_usd\{org="[^"]+",org_id="[^"]+",team="creative-studio",model="[^"]+"\} \d+(\.\d+)?$/m);
  expect(text).toMatch(/^spendscope_budget_remaining_usd\{[^}]*budget="[^"]+"[^}]*\} -?\d+(\.\d+)?$/m);
});
