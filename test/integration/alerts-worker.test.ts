import { afterEach, describe, expect, it } from "vitest";
import { createBudget, createRule } from "@/lib/alerts/service";
import { setMailerUrl } from "@/lib/alerts/outbox";
import { startSmtpSink } from "@/lib/alerts/smtp-sink";
import { notifyIngested, startWorker, type AlertWorker, type PassResult } from "@/lib/alerts/worker";
import { createTestOrg } from "./helpers";
import { addRollup, adminOf, firingsOf, outboxOf } from "./alerts-fixtures";

let worker: AlertWorker | null = null;
afterEach(async () => {
  await worker?.stop();
  worker = null;
  setMailerUrl(null);
});

describe("the worker", () => {
  it("evaluates once after a burst of ingests (debounced per organization) and delivers the mail", async () => {
    const sink = await startSmtpSink();
    try {
      setMailerUrl(sink.url);
      const { org, teams } = await createTestOrg();
      const admin = adminOf(org.id);
      const budget = await createBudget(admin, { name: "Daily", period: "day", amount: "10", team: "alpha" });
      await createRule(admin, { name: "Burst rule", metric: "spend", budgetId: budget.id, config: { unit: "percent_of_budget", thresholds: ["80"] }, recipients: ["burst@alpha.test"] });

      const passes: { what: string; orgId?: string; result: PassResult }[] = [];
      worker = startWorker({ intervalMs: 3_600_000, debounceMs: 150, maxWaitMs: 2_000, log: () => undefined, onPass: (what, result, orgId) => passes.push({ what, orgId, result }) });
      await expect.poll(() => passes.length, { timeout: 30_000 }).toBe(1); // the startup pass (all organizations)
      expect(passes[0].what).toBe("startup pass");

      // Ten batches in quick succession, then quiet.
      for (let i = 0; i < 10; i++) {
        await addRollup(org.id, [{ hour: new Date(), teamId: teams.alpha.id, cost: "1" }]);
        notifyIngested(org.id);
        await new Promise((r) => setTimeout(r, 20));
      }
      await expect.poll(() => passes.length, { timeout: 5_000 }).toBe(2);
      await new Promise((r) => setTimeout(r, 400));
      expect(passes).toHaveLength(2);
      expect(passes[1]).toMatchObject({ what: "post-ingest pass", orgId: org.id, result: { evaluation: { firings: 1 }, delivery: { sent: 1 } } });
      expect(await firingsOf(org.id)).toHaveLength(1);
      expect((await outboxOf(org.id))[0].status).toBe("sent");
      expect(sink.messages.filter((m) => m.to.includes("burst@alpha.test"))).toHaveLength(1);
    } finally {
      await sink.stop();
    }
  });

  it("ignores notifications when no worker runs in the process", () => {
    expect(() => notifyIngested("00000000-0000-4000-8000-000000000000")).not.toThrow();
  });
});
