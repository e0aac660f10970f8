import { AsyncLocalStorage } from "node:async_hooks";

// What Next's Node runtime installs before loading app code (next/dist/server/node-environment).
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;

// next.config.js enables experimental.authInterrupts; `next build` inlines this flag so `forbidden()` works.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS ??= "true";
