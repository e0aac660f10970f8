import net from "node:net";

/**
 * A TCP proxy the test controls, between the app and PostgreSQL, so a test can take the database away from one
 * app without touching the shared server. `outage("refuse")` destroys every connection and stops listening
 * (connection refused); `outage("blackhole")` destroys every connection and accepts new ones without ever
 * answering (the app must time out); `restore()` forwards again on the same port.
 */
export type OutageMode = "refuse" | "blackhole";

export interface TcpProxy {
  port: number;
  /** `databaseUrl` with host and port replaced by the proxy's. */
  urlFor(databaseUrl: string): string;
  outage(mode: OutageMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
  /** Connections forwarded so far (the app reconnects after an outage). */
  connections(): number;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let mode: OutageMode | null = null;
  let forwarded = 0;

  const server = net.createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    if (mode === "blackhole") return; // accepted, never answered
    forwarded++;
    const upstream = net.connect(target.port, target.host);
    open.add(upstream);
    upstream.on("close", () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const dropAll = () => {
    for (const s of open) s.destroy();
    open.clear();
  };

  const port = await listen(0);
  return {
    port,
    urlFor(databaseUrl) {
      const u = new URL(databaseUrl);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    async outage(m) {
      mode = m;
      const closed = m === "refuse" ? stopListening() : Promise.resolve();
      dropAll();
      await closed;
    },
    async restore() {
      dropAll(); // blackholed sockets
      mode = null;
      if (!server.listening) await listen(port);
    },
    async close() {
      const closed = stopListening();
      dropAll();
      await closed;
    },
    connections: () => forwarded,
  };
}
