/**
 * Minimal reproduction (no grpc-js, no runtime code): a bare node:http2
 * server under Deno 2.8.3 answering every stream, hit by h2load processes
 * that each open 2 connections and either finish normally (`clean`) or are
 * SIGKILLed mid-stream (`kill`). Every session closes (counted), the JS heap
 * and external memory stay flat, yet the process RSS grows with the number
 * of connections served (measured: about 20 KB per connection in both
 * modes; ~100 KB per killed connection through grpc-js). The memory is held
 * natively, in Deno's HTTP/2 layer.
 *
 * Run: `deno run -A bench/repro/deno_http2_connection_rss.ts [clean|kill] [rounds=8]`
 * (needs h2load, Debian package nghttp2-client).
 *
 * @module
 */
import http2 from "node:http2";

const mode = Deno.args[0] ?? "clean";
const rounds = Number(Deno.args[1] ?? 8);
const server = http2.createServer();
let sessions = 0;
let closed = 0;
server.on("session", (session) => {
  sessions++;
  session.on("close", () => closed++);
  session.on("error", () => {});
});
server.on("stream", (stream: http2.ServerHttp2Stream) => {
  stream.on("error", () => {});
  stream.on("data", () => {});
  stream.on("end", () => {
    try {
      stream.respond({ ":status": 200 });
      stream.end(new Uint8Array(40));
    } catch { /* the client reset the stream */ }
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
const port = (server.address() as { port: number }).port;
const body = await Deno.makeTempFile();
await Deno.writeFile(body, new Uint8Array(120));
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < 150; k++) {
    const child = new Deno.Command("h2load", {
      args: [
        "-n",
        mode === "kill" ? "100000" : "300",
        "-c",
        "2",
        "-m",
        "16",
        "-t",
        "1",
        "-d",
        body,
        `http://127.0.0.1:${port}/x`,
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    if (mode === "kill") {
      await new Promise((resolve) => setTimeout(resolve, 40));
      child.kill("SIGKILL");
    }
    await child.status;
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const memory = Deno.memoryUsage();
  console.log(
    `${mode} round ${round}: sessions ${sessions} (closed ${closed}) RSS ${mib(memory.rss)} MiB, ` +
      `heap ${mib(memory.heapUsed)} MiB, external ${mib(memory.external)} MiB`,
  );
}
server.close();
await Deno.remove(body);
Deno.exit(0);
