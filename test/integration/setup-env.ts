import { inject } from "vitest";
import { setEnv } from "@/lib/env";

// Point every module at this run's fresh database before anything opens a connection.
// Test webhook receivers listen on 127.0.0.1, which the webhook policy refuses unless the operator allows it;
// alerts-webhook-policy.test.ts turns the allowance off to prove the refusal.
setEnv({ DATABASE_URL: inject("databaseUrl"), NODE_ENV: "test", LOGIN_THROTTLE_BASE_MS: "50", WEBHOOK_ALLOWED_PRIVATE_HOSTS: "127.0.0.1" });
