/**
 * The load benchmark (`deno task bench` runs it after the micro-benchmarks):
 * the real server as a subprocess driven on loopback by h2load (else a
 * grpc-js loader) at several concurrencies, beside a no-op echo server on the
 * same grpc-js stack and the in-process ceiling; 8-item Runs, OIP ModelInfer,
 * batching on vs off, cold start and idle RSS. Writes
 * bench/results/latest.json and latest.md and prints the table.
 *
 * Options (environment): BENCH_SECONDS (measured seconds per scenario,
 * default 4), BENCH_LOADER=grpc-js to skip h2load, BENCH_COLD_RUNS (default
 * 10), BENCH_SERVER_ROOT (serve another checkout's main.ts, e.g. an older
 * commit) with BENCH_LABEL (results file name instead of `latest`).
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { projectPath } from "../runtime/assets.ts";
import { serviceDefinition } from "../runtime/adapters/proto_loader.ts";
import { MODZY_PROTO, MODZY_SERVICE } from "../runtime/adapters/modzy_service.ts";
import { urlSafeName } from "../runtime/core/model_names.ts";
import { hasH2load, type LoadPlan, type LoadResult, runH2load } from "./support/h2load.ts";
import { runGrpcLoad } from "./support/grpc_loader.ts";
import { measureInProcess } from "./support/in_process.ts";
import {
  type BenchProcess,
  serverRoot,
  startEchoServer,
  startServer,
} from "./support/processes.ts";
import {
  type BenchReport,
  machineFacts,
  readMicroResults,
  renderMarkdown,
  type ScenarioResult,
} from "./support/report.ts";
import { median } from "./support/stats.ts";
import { grpcFrame, modelInferRequestBytes, runRequestBytes } from "./support/wire.ts";

const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 4);
const WARMUP_SECONDS = 1;
const COLD_RUNS = Number(Deno.env.get("BENCH_COLD_RUNS") ?? 10);
const RESULTS = projectPath("bench", "results");
const LABEL = Deno.env.get("BENCH_LABEL") ?? "latest";
const RUN_PATH = "/ModzyModel/Run";
const INFER_PATH = "/inference.GRPCInferenceService/ModelInfer";
const MODEL_NAME = urlSafeName("Iris Classifier");

/** (connections, streams per connection) of the load runs. */
const CONCURRENCIES: readonly (readonly [number, number])[] = [[1, 1], [1, 16], [8, 16]];
const PEAK: readonly [number, number] = [8, 16];

const useH2load = Deno.env.get("BENCH_LOADER") !== "grpc-js" && await hasH2load();
const drive = (plan: LoadPlan): Promise<LoadResult> =>
  useH2load ? runH2load(plan) : runGrpcLoad(plan);

const notes: string[] = [];
const scenarios: ScenarioResult[] = [];
const single = grpcFrame(runRequestBytes(1));
const eight = grpcFrame(runRequestBytes(8));
const loadAverage = Deno.loadavg();

/** The served checkout and, when it is a git checkout, its commit. */
function describeServer(): string {
  const root = serverRoot();
  try {
    const { stdout, success } = new Deno.Command("git", {
      args: ["-C", root, "log", "-1", "--format=%h %s"],
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    const commit = new TextDecoder().decode(stdout).trim().slice(0, 72);
    if (success && commit) return `${root} at ${commit}`;
  } catch {
    // Not a git checkout: the path says enough.
  }
  return root;
}

function log(line: string): void {
  console.error(line);
}

/** One call with `frame` through grpc-js; throws unless it succeeds. */
async function probe(port: number, path: string, frame: Uint8Array): Promise<Uint8Array> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  try {
    return await new Promise<Uint8Array>((resolve, reject) =>
      client.makeUnaryRequest(
        path,
        (bytes: Uint8Array) => Buffer.from(bytes),
        (bytes: Buffer) => new Uint8Array(bytes),
        frame.subarray(5),
        { deadline: Date.now() + 10_000 },
        (error, answer) => error ? reject(error) : resolve(answer!),
      )
    );
  } finally {
    client.close();
  }
}

/** Checks that a Run answer has `items` successful outputs. */
function checkRunAnswer(bytes: Uint8Array, items: number): void {
  const answer = serviceDefinition(MODZY_PROTO, MODZY_SERVICE).Run.responseDeserialize(
    Buffer.from(bytes),
  ) as { outputs: { success: boolean }[] };
  const ok = answer.outputs.length === items && answer.outputs.every((o) => o.success);
  if (!ok) throw new Error(`the server's Run answer is not ${items} successful items`);
}

async function scenario(
  name: string,
  target: BenchProcess,
  path: string,
  frame: Uint8Array,
  itemsPerRequest: number,
  [connections, streams]: readonly [number, number],
): Promise<ScenarioResult> {
  const result = await drive({
    port: target.port,
    path,
    frame,
    connections,
    streams,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
  });
  const row: ScenarioResult = {
    name,
    ...result,
    itemsPerRequest,
    itemsPerSec: result.reqPerSec * itemsPerRequest,
    rssMiB: target.rssMiB(),
  };
  scenarios.push(row);
  log(
    `${name.padEnd(28)} ${connections}x${String(streams).padEnd(3)} ` +
      `${row.reqPerSec.toFixed(0).padStart(7)} req/s ${row.itemsPerSec.toFixed(0).padStart(7)} ` +
      `items/s p50 ${row.p50Ms.toFixed(2)} ms p99 ${row.p99Ms.toFixed(2)} ms ` +
      `rss ${row.rssMiB.toFixed(0)} MiB${result.failed ? ` FAILED ${result.failed}` : ""}`,
  );
  return row;
}

function find(name: string, [c, m]: readonly [number, number]): ScenarioResult | undefined {
  return scenarios.find((s) => s.name === name && s.connections === c && s.streams === m);
}

log(`loader: ${useH2load ? "h2load" : "grpc-js"}; ${SECONDS} s per scenario`);

// The yardstick: the echo server.
const echo = await startEchoServer();
try {
  checkRunAnswer(await probe(echo.port, RUN_PATH, single), 1);
  for (const level of CONCURRENCIES) await scenario("echo Run", echo, RUN_PATH, single, 1, level);
} finally {
  await echo.stop();
}

// The real server, batching on (the default).
const server = await startServer();
await new Promise((resolve) => setTimeout(resolve, 500));
const idleRssMiB = server.rssMiB();
let oipMeasured = false;
try {
  checkRunAnswer(await probe(server.port, RUN_PATH, single), 1);
  checkRunAnswer(await probe(server.port, RUN_PATH, eight), 8);
  for (const level of CONCURRENCIES) {
    await scenario("server Run ×1", server, RUN_PATH, single, 1, level);
  }
  for (const level of [[1, 1], PEAK] as const) {
    await scenario("server Run ×8", server, RUN_PATH, eight, 8, level);
  }
  const infer = modelInferRequestBytes({ model: MODEL_NAME, name: "features", datatype: "FP32" });
  if (infer === null) {
    notes.push("OIP ModelInfer not measured: protos/grpc_predict_v2.proto is absent.");
  } else {
    const frame = grpcFrame(infer);
    try {
      await probe(server.port, INFER_PATH, frame);
      oipMeasured = true;
    } catch (error) {
      notes.push(`OIP ModelInfer not measured: ${(error as Error).message}`);
    }
    if (oipMeasured) {
      for (const level of [[1, 1], PEAK] as const) {
        await scenario("server ModelInfer ×1", server, INFER_PATH, frame, 1, level);
      }
    }
  }
} finally {
  await server.stop();
}

// The same server with batching off.
const unbatched = await startServer(["--batching", "off"]).catch((error: Error) => {
  notes.push(`batching off not measured: ${error.message}`);
  return null;
});
if (unbatched) {
  try {
    for (const level of [[1, 1], PEAK] as const) {
      await scenario("server Run ×1, batching off", unbatched, RUN_PATH, single, 1, level);
    }
  } finally {
    await unbatched.stop();
  }
}

// Cold start: spawn to first Status 200.
const coldRuns: number[] = [];
for (let run = 0; run < COLD_RUNS; run++) {
  const cold = await startServer();
  coldRuns.push(cold.readyMs);
  await cold.stop();
}
log(`cold start median ${median(coldRuns).toFixed(0)} ms (${coldRuns.map((v) => v.toFixed(0))})`);

const inProcess = await measureInProcess(2);
log(
  `in-process: onnxruntime ${inProcess.ortRunsPerSec.toFixed(0)} runs/s (batch 1), ` +
    `${inProcess.ortRowsPerSecBatch64.toFixed(0)} rows/s (batch 64); module ` +
    `${inProcess.moduleItemsPerSec.toFixed(0)} items/s`,
);

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? NaN : a / b;
const echoPeak = find("echo Run", PEAK)?.reqPerSec;
const serverPeak = find("server Run ×1", PEAK)?.reqPerSec;
const ratios: Record<string, number | string> = {};
for (const level of CONCURRENCIES) {
  ratios[`server/echo req/s, Run ×1 at ${level[0]}×${level[1]}`] = ratio(
    find("server Run ×1", level)?.reqPerSec,
    find("echo Run", level)?.reqPerSec,
  );
}
ratios[`Run ×8 items/s ÷ echo req/s at ${PEAK[0]}×${PEAK[1]}`] = ratio(
  find("server Run ×8", PEAK)?.itemsPerSec,
  echoPeak,
);
ratios[`server/in-process (Run ×1 req/s at ${PEAK[0]}×${PEAK[1]} ÷ module items/s)`] = ratio(
  serverPeak,
  inProcess.moduleItemsPerSec,
);
ratios[`server/in-process (Run ×1 req/s ÷ onnxruntime runs/s)`] = ratio(
  serverPeak,
  inProcess.ortRunsPerSec,
);
ratios[`OIP ModelInfer/Modzy Run req/s at ${PEAK[0]}×${PEAK[1]}`] = oipMeasured
  ? ratio(find("server ModelInfer ×1", PEAK)?.reqPerSec, serverPeak)
  : "not measured";
ratios["p50 at 1×1, batching on/off"] = ratio(
  find("server Run ×1", [1, 1])?.p50Ms,
  find("server Run ×1, batching off", [1, 1])?.p50Ms,
);
ratios[`req/s at ${PEAK[0]}×${PEAK[1]}, batching on/off`] = ratio(
  serverPeak,
  find("server Run ×1, batching off", PEAK)?.reqPerSec,
);

const report: BenchReport = {
  date: new Date().toISOString(),
  server: describeServer(),
  machine: machineFacts(),
  loadAverage,
  scenarios,
  inProcess,
  coldStartMs: { runs: coldRuns, median: median(coldRuns) },
  idleRssMiB,
  ratios,
  micro: readMicroResults(`${RESULTS}/micro.json`),
  notes,
};
const markdown = renderMarkdown(report);
await Deno.mkdir(RESULTS, { recursive: true });
await Deno.writeTextFile(`${RESULTS}/${LABEL}.json`, JSON.stringify(report, null, 2) + "\n");
await Deno.writeTextFile(`${RESULTS}/${LABEL}.md`, markdown);
console.log(markdown);
