#!/usr/bin/env node
// The production web server that `npm start` runs: Next.js (the existing build) behind Node's HTTP server, so that
// the app learns the TCP peer of every request. Next.js itself only passes a client's own X-Forwarded-For through,
// which any client can forge; here every request carries `x-spendscope-peer` = the socket's remote address, set by
// this server and overwriting whatever a client sent. lib/auth/client-address.ts reads it (and X-Forwarded-For only
// from proxies TRUST_PROXY names).
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";

export const PEER_HEADER = "x-spendscope-peer";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? "3000");
const app = next({ dev: false, dir: root, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  handle(req, res).catch((e) => {
    console.error("request failed:", e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("Internal Server Error");
  });
});
server.listen(port, () => console.log(`ready on port ${port}`));
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    // In-flight requests get a moment; then the port must be free for a restart.
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
