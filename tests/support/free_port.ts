/**
 * A free loopback port, for tests that must tell a server its port before it
 * starts (the sandboxed `deno task serve`, `--http-port` pairs). The port is
 * free when asked; a test that can let the server pick (`--port 0`) and read
 * the port from its log should do that instead (server_process.ts).
 *
 * @module
 */

/** A TCP port on 127.0.0.1 that nothing listened on a moment ago. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}
