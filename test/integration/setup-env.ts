import { inject } from "vitest";
import { setEnv } from "@/lib/env";

// Point every module at this run's fresh database before anything opens a connection.
setEnv({ DATABASE_URL: inject("databaseUrl"), NODE_ENV: "test", LOGIN_THROTTLE_BASE_MS: "50" });
