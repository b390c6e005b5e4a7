/**
 * Soak under churn: drives the real server (`main.ts --serve`, the embedded
 * iris model) with Modzy Runs from several h2load loader processes while a
 * killer SIGKILLs a random loader every few hundred milliseconds (streams
 * and connections cut mid-flight, no GOAWAY) and starts a fresh one. Runs
 * until the server has answered the target number of requests (counted by
 * its own /metrics), sampling its RSS. Passes when the server never exits,
 * answers a valid Run at the end, and its RSS is flat.
 *
 * Run: `deno run -A bench/soak.ts [requests=1000000] [killEveryMs=300]`.
 * Writes bench/results/soak_churn.json. A short version runs in
 * tests/soak_churn_test.ts.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { projectPath } from "../runtime/base/assets.ts";
import { encodeRunRequest, grpcFrame, RawGrpcConnection } from "../tests/support/raw_grpc.ts";
import { type ServeProcess, startServeProcess } from "./support/serve_process.ts";
import { prng } from "./fuzz_frames.ts";
import { grpcH2loadArgs } from "./support/h2load.ts";

/** What a soak run measured. */
export interface SoakReport {
  /** Requests the server counted (model_runtime_requests_total, Run). */
  readonly requests: number;
  /** Loader processes killed abruptly. */
  readonly loadersKilled: number;
  /** Loader processes that finished their batch by themselves. */
  readonly loadersFinished: number;
  /** Whether the server process was running at the end (0 crashes). */
  readonly serverAlive: boolean;
  /** Whether a valid Run was answered at the end. */
  readonly validAfter: boolean;
  /** RSS in MiB: after warm-up (10% of the requests), at the end, the peak, and drift %. */
  readonly rssMiB: {
    readonly warm: number;
    readonly end: number;
    readonly peak: number;
    readonly driftPercent: number;
  };
  /** Requests per second over the run. */
  readonly requestsPerSecond: number;
  /** Wall time in seconds. */
  readonly seconds: number;
}

const encoder = new TextEncoder();
const VALID_ROW = '{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}';

/** The server's count of answered Modzy Runs, read from its /metrics. */
async function servedRuns(server: ServeProcess): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${server.httpPort}/metrics`);
  const text = await response.text();
  let total = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("model_runtime_requests_total{") && line.includes('operation="run"')) {
      total += Number(line.slice(line.lastIndexOf(" ") + 1));
    }
  }
  return total;
}

/** Runs the soak against `server` until it has answered `requests` Runs. */
export async function soakServer(
  server: ServeProcess,
  requests: number,
  killEveryMs = 300,
  loaders = 4,
): Promise<SoakReport> {
  const random = prng(42);
  const dir = await Deno.makeTempDir({ prefix: "soak_" });
  const body = `${dir}/run.bin`;
  await Deno.writeFile(
    body,
    grpcFrame(encodeRunRequest([{ "input.json": encoder.encode(VALID_ROW) }])),
  );
  const running = new Set<Deno.ChildProcess>();
  let killed = 0;
  let finished = 0;
  let stopping = false;
  const spawnLoader = () => {
    const child = new Deno.Command("h2load", {
      args: grpcH2loadArgs({
        port: server.port,
        bodyFile: body,
        requests: 5_000 + Math.floor(random() * 20_000),
        connections: 1 + Math.floor(random() * 3),
        streams: 1 + Math.floor(random() * 32),
      }),
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    running.add(child);
    child.status.then((status) => {
      running.delete(child);
      if (status.signal === null) finished++;
      if (!stopping) spawnLoader();
    });
  };
  const started = performance.now();
  const baseline = await servedRuns(server);
  for (let i = 0; i < loaders; i++) spawnLoader();
  const killer = setInterval(() => {
    const victims = [...running];
    if (victims.length === 0) return;
    const victim = victims[Math.floor(random() * victims.length)];
    try {
      victim.kill("SIGKILL");
      killed++;
    } catch { /* it just finished */ }
  }, killEveryMs);
  const samples: number[] = [];
  let warm = 0;
  let served = 0;
  try {
    while (served < requests && server.exitCode() === null) {
      await new Promise((r) => setTimeout(r, 2_000));
      served = (await servedRuns(server)) - baseline;
      const rss = server.rssMiB();
      samples.push(rss);
      if (warm === 0 && served >= requests / 10) warm = rss;
      console.error(
        `soak: ${served} runs, ${killed} loaders killed, RSS ${rss.toFixed(1)} MiB`,
      );
    }
  } finally {
    stopping = true;
    clearInterval(killer);
    for (const child of running) {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }
    await Promise.all([...running].map((child) => child.status));
    await Deno.remove(dir, { recursive: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const serverAlive = server.exitCode() === null;
  let validAfter = false;
  if (serverAlive) {
    await new Promise((r) => setTimeout(r, 1_000));
    const check = new RawGrpcConnection(`http://127.0.0.1:${server.port}`);
    const answer = await check.call(
      "/ModzyModel/Run",
      grpcFrame(encodeRunRequest([{ "input.json": encoder.encode(VALID_ROW) }])),
    );
    check.close();
    validAfter = answer.grpcStatus === 0 && Buffer.from(answer.body).includes("setosa");
  }
  const end = serverAlive ? server.rssMiB() : 0;
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const first = median(samples.slice(tenth, 2 * tenth));
  const last = median(samples.slice(-tenth));
  return {
    requests: served,
    loadersKilled: killed,
    loadersFinished: finished,
    serverAlive,
    validAfter,
    rssMiB: {
      warm: warm || first,
      end,
      peak: Math.max(...samples, end),
      driftPercent: first ? Math.round(((last - first) / first) * 1000) / 10 : 0,
    },
    requestsPerSecond: Math.round(served / seconds),
    seconds: Math.round(seconds),
  };
}

if (import.meta.main) {
  const requests = Number(Deno.args[0] ?? 1_000_000);
  const killEveryMs = Number(Deno.args[1] ?? 300);
  const server = await startServeProcess();
  let report: SoakReport;
  try {
    report = await soakServer(server, requests, killEveryMs);
  } finally {
    await server.stop();
  }
  const text = JSON.stringify(report, null, 2);
  console.log(text);
  Deno.mkdirSync(projectPath("bench", "results"), { recursive: true });
  Deno.writeTextFileSync(projectPath("bench", "results", "soak_churn.json"), text + "\n");
  if (!report.serverAlive || !report.validAfter) Deno.exit(1);
}
