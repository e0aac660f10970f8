import { AsyncLocalStorage } from "node:async_hooks";

// What Next's Node runtime installs before loading app code (next/dist/server/node-environment).
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
