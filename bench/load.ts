/**
 * The load benchmark (`deno task bench` runs it after the micro-benchmarks):
 * the real server as a subprocess driven on loopback by h2load (else a
 * grpc-js loader) at several concurrencies, beside a no-op echo server on the
 * same grpc-js stack and the in-process ceiling; 8-item Runs, OIP ModelInfer,
 * batching on vs off, cold start and idle RSS. Writes
 * bench/results/latest.json and latest.md and prints the table.
 *
 * Every scenario also records the serving process's CPU time (user + system,
 * all threads, /proc/<pid>/stat) over a window inside h2load's measured
 * phase and divides it by the requests completed in that window: server CPU
 * µs per request and per item, which, unlike req/s, hardly depends on how the
 * loader and the server share the two cores. Throughput columns are the best
 * round; CPU columns the median round; key ratios also show their range over
 * the rounds (round i of one scenario against round i of the other).
 *
 * Options (environment): BENCH_SECONDS (measured seconds per scenario,
 * default 3), BENCH_ROUNDS (interleaved rounds; default 3), BENCH_PIN (1, the
 * default when taskset is present: h2load on CPU 0 and the servers on CPU 1;
 * 0: both float — on a shared box the pinned rounds spread less, see
 * docs/performance.md), BENCH_FIXED_RATE (offered req/s of the fixed-rate rows, default
 * 2400), BENCH_LOADER=grpc-js to skip h2load, BENCH_COLD_RUNS
 * (default 10), BENCH_SERVER_ROOT (serve another checkout's main.ts, e.g. an
 * older commit) with BENCH_LABEL (results file name instead of `latest`),
 * BENCH_BASELINE_ROOT (another checkout served beside this one and measured
 * in the same interleaved rounds: before/after under the same noise).
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { projectPath } from "../runtime/base/assets.ts";
import { serviceDefinition } from "../runtime/protocols/wire/proto_loader.ts";
import { MODZY_PROTO, MODZY_SERVICE } from "../runtime/protocols/modzy/modzy_service.ts";
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
  type RoundFigures,
  type ScenarioResult,
} from "./support/report.ts";
import { median } from "./support/stats.ts";
import { CLOCK_TICKS_PER_SECOND, coreShare, cpuMicrosPerRequest } from "./support/cpu.ts";
import { hasTaskset, pinProcess } from "./support/pinning.ts";
import { grpcFrame, modelInferRequestBytes, runRequestBytes } from "./support/wire.ts";

const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 3);
const WARMUP_SECONDS = 1;
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 3);
const COLD_RUNS = Number(Deno.env.get("BENCH_COLD_RUNS") ?? 10);
const RESULTS = projectPath("bench", "results");
const LABEL = Deno.env.get("BENCH_LABEL") ?? "latest";
const BASELINE_ROOT = Deno.env.get("BENCH_BASELINE_ROOT");
const RUN_PATH = "/ModzyModel/Run";
const INFER_PATH = "/inference.GRPCInferenceService/ModelInfer";
const MODEL_NAME = urlSafeName("Iris Classifier");

/**
 * A load level: connections, streams per connection and, for a fixed-rate
 * run, the offered req/s in total (absent: as fast as the server answers).
 */
type Level = readonly [number, number, number?];

/** The full-speed load levels. */
const CONCURRENCIES: readonly Level[] = [[1, 1], [1, 16], [8, 16]];
const PEAK: Level = [8, 16];
/**
 * The fixed-rate level: 8×16 offering FIXED_RATE req/s (h2load --rps), well
 * under what the echo server and the server can answer, so that both see the
 * same arrivals and their CPU per request compares like for like.
 */
const FIXED_RATE = Number(Deno.env.get("BENCH_FIXED_RATE") ?? 2400);
const FIXED: Level = [8, 16, FIXED_RATE];

const useH2load = Deno.env.get("BENCH_LOADER") !== "grpc-js" && await hasH2load();
/** CPUs of the loader and of the servers when pinned. */
const LOADER_CPU = "0";
const SERVER_CPU = "1";
const pinAsked = Deno.env.get("BENCH_PIN");
const pinWanted = (pinAsked ?? "1") === "1";
const pinned = pinWanted && useH2load && navigator.hardwareConcurrency >= 2 &&
  await hasTaskset();
const drive = (plan: LoadPlan): Promise<LoadResult> =>
  useH2load ? runH2load(plan) : runGrpcLoad(plan);

const notes: string[] = [];
if (pinWanted && !pinned) {
  notes.push("not pinned: pinning needs h2load, two cores and taskset (util-linux).");
}
const scenarios: ScenarioResult[] = [];
const single = grpcFrame(runRequestBytes(1));
const eight = grpcFrame(runRequestBytes(8));
const loadAverage = Deno.loadavg();

/** The served checkout and, when it is a git checkout, its commit. */
function describeServer(root: string = serverRoot()): string {
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

/** One thing to measure: a target process, a method and its request body. */
interface Scenario {
  readonly name: string;
  readonly target: BenchProcess;
  readonly path: string;
  readonly frame: Uint8Array;
  readonly itemsPerRequest: number;
}

/** Drives `scenario` once at `level` and returns its row. */
async function measure(
  scenario: Scenario,
  [connections, streams, rate]: Level,
): Promise<ScenarioResult> {
  const result = await drive({
    port: scenario.target.port,
    path: scenario.path,
    frame: scenario.frame,
    connections,
    streams,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    serverPid: scenario.target.pid,
    loaderCpus: pinned ? LOADER_CPU : undefined,
    rate,
  });
  const round: RoundFigures = {
    reqPerSec: result.reqPerSec,
    itemsPerSec: result.reqPerSec * scenario.itemsPerRequest,
    p50Ms: result.p50Ms,
    serverCpuMicrosPerRequest: result.cpu ? cpuMicrosPerRequest(result.cpu) : NaN,
    serverCores: result.cpu ? coreShare(result.cpu) : NaN,
    loaderCores: result.cpu ? coreShare(result.cpu, "loader") : NaN,
  };
  const row: ScenarioResult = {
    name: scenario.name,
    ...result,
    itemsPerRequest: scenario.itemsPerRequest,
    itemsPerSec: round.itemsPerSec,
    rssMiB: scenario.target.rssMiB(),
    serverCpuMicrosPerRequest: round.serverCpuMicrosPerRequest,
    serverCpuMicrosPerItem: round.serverCpuMicrosPerRequest / scenario.itemsPerRequest,
    serverCores: round.serverCores,
    loaderCores: round.loaderCores,
    rounds: [round],
  };
  log(
    `${row.name.padEnd(28)} ${at([connections, streams, rate]).padEnd(14)} ` +
      `${row.reqPerSec.toFixed(0).padStart(7)} req/s ${row.itemsPerSec.toFixed(0).padStart(7)} ` +
      `items/s p50 ${row.p50Ms.toFixed(2)} ms p99 ${row.p99Ms.toFixed(2)} ms ` +
      `rss ${row.rssMiB.toFixed(0)} MiB cpu ${row.serverCpuMicrosPerRequest.toFixed(1)} µs/req ` +
      `cores ${row.serverCores.toFixed(2)}+${row.loaderCores.toFixed(2)}` +
      `${result.failed ? ` FAILED ${result.failed}` : ""}`,
  );
  return row;
}

/**
 * One row from a scenario's rounds: the throughput and latency figures of
 * its best round (highest req/s; at a fixed rate, where every round offers
 * the same req/s, lowest p50), the CPU figures' median over the rounds, and
 * every round kept.
 */
function combineRounds(rows: readonly ScenarioResult[]): ScenarioResult {
  const better = (a: ScenarioResult, b: ScenarioResult) =>
    a.offeredRate ? b.p50Ms < a.p50Ms : b.reqPerSec > a.reqPerSec;
  const best = rows.reduce((a, b) => better(a, b) ? b : a);
  const rounds = rows.flatMap((row) => row.rounds);
  const cpu = median(rounds.map((r) => r.serverCpuMicrosPerRequest));
  return {
    ...best,
    serverCpuMicrosPerRequest: cpu,
    serverCpuMicrosPerItem: cpu / best.itemsPerRequest,
    serverCores: median(rounds.map((r) => r.serverCores)),
    loaderCores: median(rounds.map((r) => r.loaderCores)),
    rounds,
  };
}

/**
 * Measures every scenario at `level` in ROUNDS interleaved rounds (A B C, A B
 * C, ...) so a burst of load from elsewhere on the box hits all of them
 * alike, and keeps one row per scenario (see combineRounds).
 */
async function interleaved(
  list: readonly Scenario[],
  level: Level,
): Promise<void> {
  const rows = new Map<string, ScenarioResult[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of list) {
      const row = await measure(scenario, level);
      rows.set(scenario.name, [...(rows.get(scenario.name) ?? []), row]);
    }
  }
  scenarios.push(...[...rows.values()].map(combineRounds));
}

function find(name: string, [c, m, rate]: Level): ScenarioResult | undefined {
  return scenarios.find((s) =>
    s.name === name && s.connections === c && s.streams === m && s.offeredRate === rate
  );
}

/** A level as text: `8×16`, or `8×16 @ 2400/s` for a fixed rate. */
function at([connections, streams, rate]: Level): string {
  return `${connections}×${streams}${rate ? ` @ ${rate}/s` : ""}`;
}

log(
  `loader: ${useH2load ? "h2load" : "grpc-js"}; ${SECONDS} s per scenario, ${ROUNDS} rounds; ` +
    `${pinned ? `pinned (loader CPU ${LOADER_CPU}, servers CPU ${SERVER_CPU})` : "not pinned"}; ` +
    `load average ${loadAverage.map((v) => v.toFixed(2)).join(" ")}`,
);

// Every process runs from the start (an idle one costs nothing) so the
// scenarios can be interleaved: the echo server, the real server (batching
// on, the default) and the same server with batching off.
const echo = await startEchoServer();
const server = await startServer();
const unbatched = await startServer(["--batching", "off"]).catch((error: Error) => {
  notes.push(`batching off not measured: ${error.message}`);
  return null;
});
const baseline = BASELINE_ROOT ? await startServer([], BASELINE_ROOT) : null;
if (pinned) {
  for (const target of [echo, server, unbatched, baseline]) {
    if (target) await pinProcess(target.pid, SERVER_CPU);
  }
}
await new Promise((resolve) => setTimeout(resolve, 500));
const idleRssMiB = server.rssMiB();
const baselineIdleRssMiB = baseline?.rssMiB();
let oipMeasured = false;
try {
  checkRunAnswer(await probe(echo.port, RUN_PATH, single), 1);
  checkRunAnswer(await probe(server.port, RUN_PATH, single), 1);
  checkRunAnswer(await probe(server.port, RUN_PATH, eight), 8);
  const infer = modelInferRequestBytes({ model: MODEL_NAME, name: "features", datatype: "FP32" });
  let inferFrame: Uint8Array | null = null;
  if (infer === null) {
    notes.push("OIP ModelInfer not measured: protos/grpc_predict_v2.proto is absent.");
  } else {
    try {
      await probe(server.port, INFER_PATH, grpcFrame(infer));
      inferFrame = grpcFrame(infer);
      oipMeasured = true;
    } catch (error) {
      notes.push(`OIP ModelInfer not measured: ${(error as Error).message}`);
    }
  }
  const echoRun: Scenario = {
    name: "echo Run",
    target: echo,
    path: RUN_PATH,
    frame: single,
    itemsPerRequest: 1,
  };
  const serverRun: Scenario = {
    name: "server Run ×1",
    target: server,
    path: RUN_PATH,
    frame: single,
    itemsPerRequest: 1,
  };
  const serverRun8: Scenario = {
    name: "server Run ×8",
    target: server,
    path: RUN_PATH,
    frame: eight,
    itemsPerRequest: 8,
  };
  const extra: Scenario[] = [];
  if (inferFrame) {
    extra.push({
      name: "server ModelInfer ×1",
      target: server,
      path: INFER_PATH,
      frame: inferFrame,
      itemsPerRequest: 1,
    });
  }
  if (unbatched) {
    extra.push({
      name: "server Run ×1, batching off",
      target: unbatched,
      path: RUN_PATH,
      frame: single,
      itemsPerRequest: 1,
    });
  }
  if (baseline) {
    checkRunAnswer(await probe(baseline.port, RUN_PATH, single), 1);
    extra.push({
      name: "baseline Run ×1",
      target: baseline,
      path: RUN_PATH,
      frame: single,
      itemsPerRequest: 1,
    }, {
      name: "baseline Run ×8",
      target: baseline,
      path: RUN_PATH,
      frame: eight,
      itemsPerRequest: 8,
    });
    notes.push(`baseline: ${describeServer(BASELINE_ROOT!)}`);
  }
  for (const level of CONCURRENCIES) {
    const full = (level[0] === PEAK[0] && level[1] === PEAK[1]) ||
      (level[0] === 1 && level[1] === 1);
    await interleaved(
      full ? [echoRun, serverRun, serverRun8, ...extra] : [echoRun, serverRun],
      level,
    );
  }
  if (useH2load) await interleaved([echoRun, serverRun, serverRun8], FIXED);
  else notes.push("fixed-rate rows not measured: the grpc-js loader has no rate limit.");
} finally {
  await echo.stop();
  await server.stop();
  await unbatched?.stop();
  await baseline?.stop();
}

// Cold start: spawn to first Status 200.
const coldRuns: number[] = [];
for (let run = 0; run < COLD_RUNS; run++) {
  const cold = await startServer();
  coldRuns.push(cold.readyMs);
  await cold.stop();
}
log(`cold start median ${median(coldRuns).toFixed(0)} ms (${coldRuns.map((v) => v.toFixed(0))})`);
const baselineColdRuns: number[] = [];
if (BASELINE_ROOT) {
  for (let run = 0; run < COLD_RUNS; run++) {
    const cold = await startServer([], BASELINE_ROOT);
    baselineColdRuns.push(cold.readyMs);
    await cold.stop();
  }
  log(`baseline cold start median ${median(baselineColdRuns).toFixed(0)} ms`);
}

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
const spreads: Record<string, readonly [number, number]> = {};
const roundsOf = (name: string, level: Level) => find(name, level)?.rounds ?? [];
/** The lowest and highest of `values` that are finite, or nothing. */
const range = (values: readonly number[]): readonly [number, number] | undefined => {
  const finite = values.filter(Number.isFinite);
  return finite.length > 0 ? [Math.min(...finite), Math.max(...finite)] : undefined;
};
/** Records figure `name`: `value`, with its range over the rounds when there is one. */
const figure = (name: string, value: number | string, spread?: readonly [number, number]) => {
  ratios[name] = value;
  if (spread) spreads[name] = spread;
};
/** Range of round-by-round ratios `pick` of scenario `a` ÷ `pickB` of scenario `b` at `level`. */
const roundRatios = (
  a: string,
  b: string,
  level: Level,
  pick: (round: RoundFigures) => number,
  pickB: (round: RoundFigures) => number = pick,
) => {
  const left = roundsOf(a, level);
  const right = roundsOf(b, level);
  return range(left.slice(0, right.length).map((round, i) => pick(round) / pickB(right[i])));
};
const reqPerSec = (round: RoundFigures) => round.reqPerSec;
const cpuPerRequest = (round: RoundFigures) => round.serverCpuMicrosPerRequest;
for (const level of CONCURRENCIES) {
  figure(
    `server/echo req/s, Run ×1 at ${at(level)}`,
    ratio(find("server Run ×1", level)?.reqPerSec, find("echo Run", level)?.reqPerSec),
    roundRatios("server Run ×1", "echo Run", level, reqPerSec),
  );
}
figure(
  `Run ×8 items/s ÷ echo req/s at ${at(PEAK)}`,
  ratio(find("server Run ×8", PEAK)?.itemsPerSec, echoPeak),
  roundRatios("server Run ×8", "echo Run", PEAK, (round) => round.itemsPerSec),
);
/** The CPU figures of the Run scenarios at `level`. */
function cpuFigures(level: Level): void {
  for (const name of ["echo Run", "server Run ×1", "server Run ×8"]) {
    figure(
      `${name}, CPU µs per request at ${at(level)}`,
      find(name, level)?.serverCpuMicrosPerRequest ?? NaN,
      range(roundsOf(name, level).map(cpuPerRequest)),
    );
  }
  figure(
    `server Run ×8, CPU µs per item at ${at(level)}`,
    find("server Run ×8", level)?.serverCpuMicrosPerItem ?? NaN,
    range(roundsOf("server Run ×8", level).map((round) => cpuPerRequest(round) / 8)),
  );
  const server = roundsOf("server Run ×1", level);
  const echo = roundsOf("echo Run", level);
  figure(
    `CPU µs the runtime adds per request (server − echo), Run ×1 at ${at(level)}`,
    (find("server Run ×1", level)?.serverCpuMicrosPerRequest ?? NaN) -
      (find("echo Run", level)?.serverCpuMicrosPerRequest ?? NaN),
    range(
      server.slice(0, echo.length).map((round, i) => cpuPerRequest(round) - cpuPerRequest(echo[i])),
    ),
  );
  figure(
    `echo CPU per request ÷ Run ×8 CPU per item at ${at(level)} (CPU-bound items/s ÷ echo req/s)`,
    ratio(
      find("echo Run", level)?.serverCpuMicrosPerRequest,
      find("server Run ×8", level)?.serverCpuMicrosPerItem,
    ),
    roundRatios(
      "echo Run",
      "server Run ×8",
      level,
      cpuPerRequest,
      (round) => cpuPerRequest(round) / 8,
    ),
  );
}
for (const level of [...CONCURRENCIES, FIXED]) {
  figure(
    `server/echo CPU per request, Run ×1 at ${at(level)}`,
    ratio(
      find("server Run ×1", level)?.serverCpuMicrosPerRequest,
      find("echo Run", level)?.serverCpuMicrosPerRequest,
    ),
    roundRatios("server Run ×1", "echo Run", level, cpuPerRequest),
  );
}
cpuFigures(PEAK);
cpuFigures(FIXED);
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
if (oipMeasured) {
  figure(
    `OIP ModelInfer/Modzy Run CPU per request at ${at(PEAK)}`,
    ratio(
      find("server ModelInfer ×1", PEAK)?.serverCpuMicrosPerRequest,
      find("server Run ×1", PEAK)?.serverCpuMicrosPerRequest,
    ),
    roundRatios("server ModelInfer ×1", "server Run ×1", PEAK, cpuPerRequest),
  );
}
ratios["p50 at 1×1, batching on/off"] = ratio(
  find("server Run ×1", [1, 1])?.p50Ms,
  find("server Run ×1, batching off", [1, 1])?.p50Ms,
);
ratios[`req/s at ${PEAK[0]}×${PEAK[1]}, batching on/off`] = ratio(
  serverPeak,
  find("server Run ×1, batching off", PEAK)?.reqPerSec,
);
ratios[`CPU per request at ${at(PEAK)}, batching on/off`] = ratio(
  find("server Run ×1", PEAK)?.serverCpuMicrosPerRequest,
  find("server Run ×1, batching off", PEAK)?.serverCpuMicrosPerRequest,
);
if (BASELINE_ROOT) {
  ratios["baseline cold start median ms"] = median(baselineColdRuns);
  ratios["baseline idle RSS MiB"] = baselineIdleRssMiB ?? NaN;
  for (const level of [[1, 1], PEAK] as const) {
    const at = `${level[0]}×${level[1]}`;
    ratios[`server/baseline req/s, Run ×1 at ${at}`] = ratio(
      find("server Run ×1", level)?.reqPerSec,
      find("baseline Run ×1", level)?.reqPerSec,
    );
    ratios[`server/baseline items/s, Run ×8 at ${at}`] = ratio(
      find("server Run ×8", level)?.itemsPerSec,
      find("baseline Run ×8", level)?.itemsPerSec,
    );
    ratios[`server/baseline p50, Run ×1 at ${at}`] = ratio(
      find("server Run ×1", level)?.p50Ms,
      find("baseline Run ×1", level)?.p50Ms,
    );
  }
}

const report: BenchReport = {
  date: new Date().toISOString(),
  server: describeServer(),
  method: {
    seconds: SECONDS,
    rounds: ROUNDS,
    loader: useH2load ? "h2load" : "grpc-js",
    pinned,
    clockTicksPerSecond: CLOCK_TICKS_PER_SECOND,
  },
  machine: machineFacts(),
  loadAverage,
  scenarios,
  inProcess,
  coldStartMs: { runs: coldRuns, median: median(coldRuns) },
  idleRssMiB,
  ratios,
  spreads,
  micro: readMicroResults(`${RESULTS}/micro.json`),
  notes,
};
const markdown = renderMarkdown(report);
await Deno.mkdir(RESULTS, { recursive: true });
await Deno.writeTextFile(`${RESULTS}/${LABEL}.json`, JSON.stringify(report, null, 2) + "\n");
await Deno.writeTextFile(`${RESULTS}/${LABEL}.md`, markdown);
console.log(markdown);
