#!/usr/bin/env node
// The spendscope CLI. Runs the TypeScript sources through tsx (a runtime dependency), so there is no build step.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
await import("../cli/main.ts");
