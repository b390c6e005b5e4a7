/**
 * A focused latency probe of the per-call path: sequential single-item
 * Modzy Runs (concurrency 1) through {@link ModzyClient} against an
 * in-process {@link serveModel} configured like the CLI's default serve
 * (access policy present but open, info-level logs, process metrics).
 * Prints p50/p99 in milliseconds and the process CPU time per Run (client
 * and server together: steadier than latency on a shared box). Not a `deno bench` file (no `_bench`
 * suffix), so `deno task bench` leaves it alone.
 *
 * Run: `npx -y deno@2.8.3 run -A bench/run_latency.ts [runs=20000]`.
 *
 * @module
 */
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { createLogger } from "../runtime/base/log.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { projectPath } from "../runtime/base/assets.ts";
import process from "node:process";

const runs = Number(Deno.args[0] ?? 20_000);
const log = createLogger("info", "text", () => {});
const server = await serveModel({
  port: 0,
  httpPort: null,
  log,
  // RUN_LATENCY_ADMIN_TOKEN set: a guarded policy, so the access interceptor runs on every call.
  access: { adminEnabled: true, adminToken: Deno.env.get("RUN_LATENCY_ADMIN_TOKEN") },
});
const client = new ModzyClient(`127.0.0.1:${server.port}`);
const input = await Deno.readFile(
  projectPath("asset_bundle/0.1.0/test_cases/setosa-line-4/input.json"),
);
try {
  await client.status();
  for (let i = 0; i < 2000; i++) await client.run([{ "input.json": input }]);
  const times = new Float64Array(runs);
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await client.run([{ "input.json": input }]);
    times[i] = performance.now() - started;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuUsPerRun = ((cpu.user + cpu.system) / runs).toFixed(1);
  times.sort();
  const at = (q: number) => times[Math.min(runs - 1, Math.floor(q * runs))].toFixed(3);
  console.log(
    `runs=${runs} p50=${at(0.5)} ms p90=${at(0.9)} ms p99=${
      at(0.99)
    } ms cpu=${cpuUsPerRun} µs/run (client and server)`,
  );
} finally {
  client.close();
  await server.stop();
}
