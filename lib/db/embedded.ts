/**
 * Embedded PostgreSQL for a first look with nothing installed: PGlite (PostgreSQL compiled to WebAssembly) with
 * its data in .data/pglite, served on a loopback port over the PostgreSQL wire protocol, so the app, the CLI and
 * migrations talk to it exactly as to a real server. One database in one process: a demo, not production.
 *
 * Connections: the socket server runs every query on the one PGlite instance (a transaction keeps the queue to its
 * own connection until it ends), so a connection costs a socket and nothing more. Its limit must stay above what
 * the processes sharing the database open together (web pool, CLI commands, the alert worker, tests with several
 * pools): a connection over the limit is closed at once and its client reports "Server has closed the connection".
 * PostgreSQL's own default (max_connections = 100) is used.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export const MAX_CONNECTIONS = 100;

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; host?: string }): Promise<EmbeddedDb> {
  await mkdir(path.dirname(opts.dataDir), { recursive: true });
  const pg = await PGlite.create(opts.dataDir);
  const host = opts.host ?? "127.0.0.1";
  const server = new PGLiteSocketServer({ db: pg, port: opts.port ?? 0, host, maxConnections: MAX_CONNECTIONS });
  await server.start();
  const port = portOf(server.getServerConn());
  return {
    url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await pg.close();
    },
  };
}

function portOf(conn: string): number {
  const m = /:(\d+)$/.exec(conn);
  if (!m) throw new Error(`unexpected PGlite server address ${conn}`);
  return Number(m[1]);
}
