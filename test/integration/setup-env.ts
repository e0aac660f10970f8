import { inject } from "vitest";
import { setEnv } from "@/lib/env";

// Point every module at this run's fresh database before anything opens a connection. The embedded database
// (no DATABASE_URL) serves one connection at a time, as `npm start` treats it: one pooled connection.
// Test webhook receivers listen on 127.0.0.1, which the webhook policy refuses unless the operator allows it;
// alerts-webhooks.test.ts turns the allowance off to prove the refusal.
setEnv({
  DATABASE_URL: inject("databaseUrl"),
  SPENDSCOPE_EMBEDDED_DB: inject("serverUrl") ? "0" : "1",
  NODE_ENV: "test",
  LOGIN_THROTTLE_BASE_MS: "50",
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: "127.0.0.1",
  // Seals webhook signing secrets (lib/alerts/webhook-secret.ts); the same value session-cookie.ts signs with.
  NEXTAUTH_SECRET: "spendscope-test-secret-0123456789",
});
