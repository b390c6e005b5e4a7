/**
 * Serving workers: `--workers 1` against `--workers 2` (this machine's
 * default), each a real `main.ts --serve` on loopback, driven by h2load
 * (8 connections × 16 streams, unpinned, the loader on the same box) with
 * Modzy Runs of 1 and of 8 items. Rounds are paired and interleaved (the
 * order alternates each round); the report gives each figure's median over
 * the rounds and the median of the per-round ratios workers 2 ÷ workers 1:
 * req/s, items/s, server CPU per request (supervisor and workers summed),
 * RSS per worker, and cold start (spawn to the first Status answered).
 * `--workers 1` is today's single process, so it stands for main.
 *
 * Environment: BENCH_WORKER_ROUNDS (default 5), BENCH_SECONDS (default 5),
 * BENCH_COLD_RUNS (default 3).
 *
 * @module
 */
import { projectPath } from "../runtime/base/assets.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { hasH2load, runH2load } from "./support/h2load.ts";
import { freePort, rssMiB } from "./support/processes.ts";
import { cpuSeconds } from "./support/cpu.ts";
import { median } from "./support/stats.ts";
import { grpcFrame, runRequestBytes } from "./support/wire.ts";

const ROUNDS = Number(Deno.env.get("BENCH_WORKER_ROUNDS") ?? 5);
const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 5);
const COLD_RUNS = Number(Deno.env.get("BENCH_COLD_RUNS") ?? 3);
const RUN_PATH = "/ModzyModel/Run";
const COUNTS = [1, 2] as const;

/** A server with its processes. */
interface Served {
  readonly workers: number;
  readonly port: number;
  readonly coldStartMs: number;
  /** The supervisor (or single process) and every worker. */
  pids(): number[];
  stop(): Promise<void>;
}

async function serve(workers: number): Promise<Served> {
  const port = freePort();
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--config=${projectPath("deno.json")}`,
      projectPath("main.ts"),
      "--serve",
      "--port",
      String(port),
      "--http-port",
      String(freePort()),
      "--workers",
      String(workers),
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let log = "";
  const decoder = new TextDecoder();
  const reading = (async () => {
    for await (const chunk of child.stderr) log += decoder.decode(chunk, { stream: true });
  })();
  const client = new ModzyClient(`127.0.0.1:${port}`);
  await client.status({ waitForReady: true, timeoutMs: 60_000 });
  const coldStartMs = performance.now() - started;
  client.close();
  const deadline = Date.now() + 30_000;
  while (workers > 1 && !/ serving port=\d+ http_port=\d+ workers=/.test(log)) {
    if (Date.now() > deadline) throw new Error(`workers did not all serve:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pids = () => {
    const workerPids = [...log.matchAll(/worker started worker=\d+ pid=(\d+)/g)].map((m) =>
      Number(m[1])
    );
    return [child.pid, ...workerPids].filter((pid) => {
      try {
        Deno.statSync(`/proc/${pid}`);
        return true;
      } catch {
        return false;
      }
    });
  };
  return {
    workers,
    port,
    coldStartMs,
    pids,
    stop: async () => {
      child.kill("SIGTERM");
      await child.status;
      await reading;
    },
  };
}

interface Figures {
  reqPerSec: number;
  itemsPerSec: number;
  cpuMicrosPerRequest: number;
  rssMiBPerWorker: number;
}

async function measure(server: Served, items: number): Promise<Figures> {
  const pids = server.pids();
  const before = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const result = await runH2load({
    port: server.port,
    path: RUN_PATH,
    frame: grpcFrame(runRequestBytes(items)),
    connections: 8,
    streams: 16,
    seconds: SECONDS,
    warmupSeconds: 0,
  });
  const cpu = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - before;
  const serving = server.workers === 1 ? pids : pids.slice(1);
  const requests = result.succeeded;
  return {
    reqPerSec: result.reqPerSec,
    itemsPerSec: result.reqPerSec * items,
    cpuMicrosPerRequest: requests > 0 ? (cpu * 1e6) / requests : NaN,
    rssMiBPerWorker: median(serving.map(rssMiB)),
  };
}

if (import.meta.main) {
  if (!await hasH2load()) {
    console.error("workers bench: h2load is not installed; skipped");
    Deno.exit(0);
  }
  const cold: Record<number, number[]> = { 1: [], 2: [] };
  for (let run = 0; run < COLD_RUNS; run++) {
    for (const workers of run % 2 === 0 ? COUNTS : [...COUNTS].reverse()) {
      const server = await serve(workers);
      cold[workers].push(server.coldStartMs);
      await server.stop();
    }
  }
  const servers = { 1: await serve(1), 2: await serve(2) };
  const rows: Record<string, Figures[]> = {};
  try {
    for (const items of [1, 8]) {
      for (const server of Object.values(servers)) await measure(server, items); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        for (const workers of round % 2 === 0 ? COUNTS : [...COUNTS].reverse()) {
          const figures = await measure(servers[workers], items);
          (rows[`${workers}:${items}`] ??= []).push(figures);
          console.error(
            `workers ${workers} items ${items} round ${round + 1}: ` +
              `${figures.reqPerSec.toFixed(0)} req/s ${figures.itemsPerSec.toFixed(0)} items/s ` +
              `${figures.cpuMicrosPerRequest.toFixed(1)} µs/req rss ${
                figures.rssMiBPerWorker.toFixed(0)
              } MiB/worker`,
          );
        }
      }
    }
  } finally {
    for (const server of Object.values(servers)) await server.stop();
  }
  const lines = [
    "# Serving workers: --workers 1 vs --workers 2",
    "",
    `${new Date().toISOString()}, ${navigator.hardwareConcurrency} CPUs, h2load -c 8 -m 16, ` +
    `${SECONDS} s runs, ${ROUNDS} paired interleaved rounds, unpinned, loader on the same box; ` +
    "medians. `--workers 1` is today's single process.",
    "",
    "| items/Run | workers | req/s | items/s | server CPU µs/req | RSS MiB/worker | cold start ms |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const items of [1, 8]) {
    for (const workers of COUNTS) {
      const each = rows[`${workers}:${items}`];
      const m = (pick: (f: Figures) => number) => median(each.map(pick));
      lines.push(
        `| ${items} | ${workers} | ${m((f) => f.reqPerSec).toFixed(0)} | ${
          m((f) => f.itemsPerSec).toFixed(0)
        } | ${m((f) => f.cpuMicrosPerRequest).toFixed(1)} | ${
          m((f) => f.rssMiBPerWorker).toFixed(0)
        } | ${median(cold[workers]).toFixed(0)} |`,
      );
    }
  }
  lines.push(
    "",
    "| ratio workers 2 ÷ workers 1 (median of per-round ratios) | value |",
    "| --- | --- |",
  );
  for (const items of [1, 8]) {
    const ratios = rows[`2:${items}`].map((two, i) =>
      two.reqPerSec / rows[`1:${items}`][i].reqPerSec
    );
    lines.push(
      `| ${items}-item Run ${items === 1 ? "req/s" : "items/s"} | ${median(ratios).toFixed(2)}× |`,
    );
  }
  const text = lines.join("\n") + "\n";
  await Deno.writeTextFile(projectPath("bench", "results", "workers.md"), text);
  console.log(text);
}
