/**
 * Where the server's time goes under load, per request: starts the real
 * server (or `--echo`, the echo server) with `--cpu-prof`, drives Runs of
 * `--items` items with h2load at 8×16, stops it, and charges the profile's
 * samples by owner (native I/O, garbage collection, Deno's node:http2 layer,
 * grpc-js, protobufjs, onnxruntime, each runtime folder) — only the samples
 * inside a window of h2load's measured phase (start-up, warm-up and shutdown
 * excluded), divided by the requests completed in that same window (from
 * h2load's request log). Beside it, the process's CPU time (all threads,
 * /proc) over the same window. Writes bench/results/profile[_echo][_xN].md.
 *
 * `--compare` profiles the echo server, the server with 1-item Runs and the
 * server with 8-item Runs one after another, writes all three files and
 * bench/results/profile_compare.md: µs per request side by side and the
 * difference, so "the runtime adds X µs per request, Y of it in transport,
 * Z in runtime/…" reads off directly.
 *
 * `--rounds N` (default 3) repeats the three runs in interleaved rounds and
 * shows the round with the median process CPU per request, with every
 * round's figure listed. `--rate N` offers N req/s in all (h2load --rps) instead of full speed and
 * adds `_rateN` to the file names.
 *
 * Run: `deno run -A bench/profile.ts [--items 8] [--echo] [--seconds 6] [--compare]
 * [--rounds 3] [--rate N]`
 * (as in bench/load.ts, h2load runs on CPU 0 and the profiled process on CPU 1
 * unless BENCH_PIN=0).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { projectPath } from "../runtime/base/assets.ts";
import { freePort, serverArgs, waitForStatus200 } from "./support/processes.ts";
import { grpcFrame, runRequestBytes } from "./support/wire.ts";
import { runH2load } from "./support/h2load.ts";
import { coreShare, cpuMicrosPerRequest } from "./support/cpu.ts";
import {
  callerOwners,
  type CpuProfile,
  microsByOwner,
  selfOwners,
  unbundleFrames,
  wallMinusMonotonicMicros,
} from "./support/cpu_profile.ts";
import { hasTaskset, pinProcess } from "./support/pinning.ts";

/** One profiled load run, its figures per request. */
export interface ProfiledRun {
  /** "echo server" or "server". */
  readonly target: string;
  /** Items per Run request. */
  readonly items: number;
  /** h2load's req/s over its whole measured phase. */
  readonly reqPerSec: number;
  /** Requests completed in the window. */
  readonly requests: number;
  /** Window length, s. */
  readonly windowSeconds: number;
  /** Process CPU (user + system, all threads, /proc) per request in the window, µs. */
  readonly processMicrosPerRequest: number;
  /** The main (JavaScript) thread's CPU (/proc) per request in the window, µs. */
  readonly mainThreadMicrosPerRequest: number;
  /**
   * The main thread's busy (not idle) samples per request, µs of wall time:
   * more than its CPU when it was preempted while busy, less when part of
   * its CPU went to Deno's event loop and I/O in Rust, which V8 samples as
   * idle.
   */
  readonly sampledBusyMicrosPerRequest: number;
  /** Cores the process kept busy over the window. */
  readonly processCores: number;
  /** Cores h2load kept busy over the window. */
  readonly loaderCores: number;
  /**
   * Share of the window the profile's samples cover (≈ 1 when the profile's
   * clock was mapped onto the wall clock right).
   */
  readonly covered: number;
  /**
   * Main-thread CPU per request by owner, µs: busy samples per request,
   * scaled down to the main thread's CPU when they exceed it (samples are
   * wall time, so a thread preempted while busy would otherwise count time
   * it did not run), and OUTSIDE_JS for CPU beyond the busy samples; natives
   * by themselves.
   */
  readonly selfMicros: ReadonlyMap<string, number>;
  /** The same with native functions charged to the script that called them. */
  readonly callerMicros: ReadonlyMap<string, number>;
}

const PEAK = { connections: 8, streams: 16 };
const WARMUP_SECONDS = 1;

/** The text of the script at file URL `url`, or null. */
function readScript(url: string): string | null {
  try {
    return Deno.readTextFileSync(new URL(url));
  } catch {
    return null;
  }
}

/** The owner of main-thread CPU the profile saw as idle (Rust: event loop, socket I/O). */
export const OUTSIDE_JS = "main thread outside JavaScript (event loop, I/O in Rust)";

/** `map`'s values divided by `by`. */
function divided(map: ReadonlyMap<string, number>, by: number): Map<string, number> {
  return new Map([...map].map(([key, value]) => [key, value / by]));
}

/** Sum of `map`'s values except `idle`. */
export function busyMicros(map: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const [owner, value] of map) if (owner !== "idle") sum += value;
  return sum;
}

/** Profiles `target` under h2load at 8×16 with `items`-item Runs for `seconds`. */
export async function profileRun(
  target: "server" | "echo",
  items: number,
  seconds: number,
  pin: boolean,
  rate?: number,
): Promise<ProfiledRun> {
  const dir = await Deno.makeTempDir({ prefix: "profile_" });
  const port = freePort();
  const args = target === "echo"
    ? [
      "run",
      "-A",
      `--config=${projectPath("deno.json")}`,
      projectPath("bench", "echo_server.ts"),
      String(port),
    ]
    : serverArgs(port);
  args.splice(1, 0, "--cpu-prof", `--cpu-prof-dir=${dir}`);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  let exited = false;
  const status = child.status.finally(() => exited = true);
  try {
    await waitForStatus200(port, () => exited, 60_000);
    if (pin) await pinProcess(child.pid, "1");
    const offset = wallMinusMonotonicMicros();
    const load = await runH2load({
      port,
      path: "/ModzyModel/Run",
      frame: grpcFrame(runRequestBytes(items)),
      ...PEAK,
      seconds,
      warmupSeconds: WARMUP_SECONDS,
      rate,
      serverPid: child.pid,
      loaderCpus: pin ? "0" : undefined,
    });
    if (!load.cpu) throw new Error("h2load ended before the CPU window closed");
    child.kill("SIGTERM");
    await status;
    const file = [...Deno.readDirSync(dir)].find((entry) => entry.name.endsWith(".cpuprofile"));
    if (!file) throw new Error(`the ${target} wrote no CPU profile`);
    const profile = unbundleFrames(
      JSON.parse(await Deno.readTextFile(`${dir}/${file.name}`)) as CpuProfile,
      readScript,
    );
    const from = load.cpu.fromMicros - offset;
    const to = load.cpu.toMicros - offset;
    const requests = load.cpu.requests;
    const self = microsByOwner(profile, selfOwners(profile), from, to);
    const covered = [...self.values()].reduce((a, b) => a + b, 0) / (to - from);
    if (!(covered > 0.9)) {
      throw new Error(`the profile covers ${covered} of the window: clocks not related right`);
    }
    const mainThread = cpuMicrosPerRequest(load.cpu, "serverMainThread");
    const sampledBusy = busyMicros(self) / requests;
    // Busy samples are wall time: above the thread's CPU they include time it
    // was preempted, so they shrink to the CPU; below it, the rest of the CPU
    // ran where V8 samples "(idle)": Deno's event loop and I/O in Rust.
    const scale = Math.min(1, mainThread / sampledBusy);
    const outside = Math.max(0, mainThread - sampledBusy);
    const perRequest = (map: Map<string, number>) => {
      const result = divided(map, requests / scale);
      result.set(OUTSIDE_JS, outside);
      return result;
    };
    return {
      target: target === "echo" ? "echo server" : "server",
      items,
      reqPerSec: load.reqPerSec,
      requests,
      windowSeconds: load.cpu.seconds,
      processMicrosPerRequest: cpuMicrosPerRequest(load.cpu),
      mainThreadMicrosPerRequest: mainThread,
      sampledBusyMicrosPerRequest: sampledBusy,
      processCores: coreShare(load.cpu),
      loaderCores: coreShare(load.cpu, "loader"),
      covered,
      selfMicros: perRequest(self),
      callerMicros: perRequest(microsByOwner(profile, callerOwners(profile), from, to)),
    };
  } finally {
    if (!exited) child.kill("SIGKILL");
    await status;
    await Deno.remove(dir, { recursive: true });
  }
}

/** The groups of the compact breakdown, by caller-charged owner. */
export function groupOf(owner: string): string {
  if (owner === "Deno node compat (http2, streams)") return "transport: Deno node:http2 + natives";
  if (owner.startsWith("@grpc/")) return "transport: grpc-js + natives";
  if (owner === "protobufjs") return "protobufjs (wire codec)";
  if (owner === "garbage collection") return "garbage collection";
  if (owner.startsWith("runtime/")) return "runtime/ (all folders) + natives";
  if (owner === "onnxruntime-node") return "onnxruntime-node + natives";
  if (owner === "prom-client") return "prom-client (metrics)";
  if (owner.startsWith("bench/")) return "bench/ (echo handler)";
  if (owner === "idle") return "idle";
  if (owner === OUTSIDE_JS) return OUTSIDE_JS;
  return "other (V8 program, natives with no script caller, other packages)";
}

function grouped(map: ReadonlyMap<string, number>): Map<string, number> {
  const groups = new Map<string, number>();
  for (const [owner, value] of map) {
    const group = groupOf(owner);
    groups.set(group, (groups.get(group) ?? 0) + value);
  }
  return groups;
}

const us = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? "—" : value.toFixed(1);
const signed = (value: number) => (value >= 0 ? "+" : "") + value.toFixed(1);

function describe(run: ProfiledRun): string {
  return `${run.target}, ${run.items}-item Runs: ${run.reqPerSec.toFixed(0)} req/s over the ` +
    `measured phase; window ${run.windowSeconds.toFixed(2)} s, ${run.requests} requests; ` +
    `process ${run.processCores.toFixed(2)} cores, h2load ${run.loaderCores.toFixed(2)} cores; ` +
    `samples cover ${(run.covered * 100).toFixed(0)} % of the window; main thread busy in ` +
    `${run.sampledBusyMicrosPerRequest.toFixed(1)} µs/request of samples (wall), ` +
    `${run.mainThreadMicrosPerRequest.toFixed(1)} µs/request of CPU`;
}

/** Every round of a comparison: interleaved runs of the echo server, server ×1 and server ×8. */
export interface Rounds {
  /** Echo server runs. */
  readonly echo: ProfiledRun[];
  /** Server, 1-item Runs. */
  readonly server: ProfiledRun[];
  /** Server, 8-item Runs. */
  readonly eight: ProfiledRun[];
}

/** The run with the median process CPU per request (the upper middle of an even count). */
export function medianRun(runs: readonly ProfiledRun[]): ProfiledRun {
  const sorted = [...runs].sort((a, b) => a.processMicrosPerRequest - b.processMicrosPerRequest);
  return sorted[Math.floor(sorted.length / 2)];
}

function roundsLine(rounds: Rounds): string {
  const list = (runs: readonly ProfiledRun[]) =>
    runs.map((run) => run.processMicrosPerRequest.toFixed(1)).join(", ");
  const added = rounds.server.map((run, i) =>
    signed(run.processMicrosPerRequest - rounds.echo[i].processMicrosPerRequest)
  );
  return `${rounds.echo.length} interleaved rounds; each column above is the round with the ` +
    `median process CPU per request. Process CPU µs/request by round — echo: ` +
    `${list(rounds.echo)}; server ×1: ${list(rounds.server)}; server ×8: ` +
    `${list(rounds.eight)}; server − echo, round by round: ${added.join(", ")}.`;
}

/** The totals rows every table starts with: all threads, the main thread, the others (/proc). */
function totals(run: ProfiledRun): [string, number][] {
  return [
    ["process CPU, all threads (/proc)", run.processMicrosPerRequest],
    [
      "main (JS) thread CPU (/proc), split below by profile samples",
      run.mainThreadMicrosPerRequest,
    ],
    [
      "other threads (GC helpers, I/O, onnxruntime pool, profiler)",
      run.processMicrosPerRequest - run.mainThreadMicrosPerRequest,
    ],
  ];
}

/** One run as markdown: µs per request (and per item) by owner. */
export function renderRun(run: ProfiledRun, when: string, load = "8×16"): string {
  const perItem = run.items > 1;
  const head = perItem ? "| owner | µs/request | µs/item |" : "| owner | µs/request |";
  const rule = perItem ? "|---|---:|---:|" : "|---|---:|";
  const row = (name: string, value: number) =>
    perItem
      ? `| ${name} | ${us(value)} | ${us(value / run.items)} |`
      : `| ${name} | ${us(value)} |`;
  const owners = [...run.selfMicros].filter(([owner, value]) => owner !== "idle" && value >= 0.5)
    .sort((a, b) => b[1] - a[1]);
  return [
    `CPU profile (\`--cpu-prof\`, 1 ms sampling) of the ${run.target} under h2load ${load}, ` +
    `${when}. ${describe(run)}. Only samples inside the CPU window (after warm-up, before ` +
    `the end of h2load's measured phase; start-up and shutdown excluded), divided by the ` +
    `requests completed in it. The main thread's CPU by owner of its busy samples (scaled ` +
    `down to its CPU when preempted; CPU beyond them is "outside JavaScript"), self time ` +
    `≥ 0.5 µs/request, natives by themselves:`,
    "",
    head,
    rule,
    ...totals(run).map(([name, value]) => row(`**${name}**`, value)),
    ...owners.map(([owner, value]) => row(owner, value)),
    "",
  ].join("\n");
}

/** The comparison: echo vs server ×1 (and server ×8), µs per request and the difference. */
export function renderComparison(
  echo: ProfiledRun,
  server: ProfiledRun,
  eight: ProfiledRun | null,
  when: string,
  load = "8×16",
  rounds?: Rounds,
): string {
  const columns = eight
    ? "| | echo µs/req | server ×1 µs/req | server − echo | server ×8 µs/req | ×8 µs/item |"
    : "| | echo µs/req | server ×1 µs/req | server − echo |";
  const rule = eight ? "|---|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|";
  const row = (name: string, e: number, s: number, x?: number) =>
    `| ${name} | ${us(e)} | ${us(s)} | ${signed(s - e)} |` +
    (eight ? ` ${us(x)} | ${us(x === undefined ? undefined : x / eight.items)} |` : "");
  /** Rows of `of` each run, every name any run has (idle left out), largest difference first. */
  const table = (of: (run: ProfiledRun) => ReadonlyMap<string, number>, min = 0) => {
    const [left, right] = [of(echo), of(server)];
    const third = eight ? of(eight) : undefined;
    const names = new Set([...left.keys(), ...right.keys(), ...(third?.keys() ?? [])]);
    names.delete("idle");
    return [...names]
      .map((name) => ({
        name,
        e: left.get(name) ?? 0,
        s: right.get(name) ?? 0,
        x: third ? third.get(name) ?? 0 : undefined,
      }))
      .filter((r) => Math.max(r.e, r.s, r.x ?? 0) >= min)
      .sort((a, b) => (b.s - b.e) - (a.s - a.e))
      .map((r) => row(r.name, r.e, r.s, r.x));
  };
  const e = totals(echo);
  const s = totals(server);
  const x = eight ? totals(eight) : null;
  const added = server.processMicrosPerRequest - echo.processMicrosPerRequest;
  const groupsE = grouped(echo.callerMicros);
  const groupsS = grouped(server.callerMicros);
  const diff = (group: string) => (groupsS.get(group) ?? 0) - (groupsE.get(group) ?? 0);
  const transport = diff("transport: Deno node:http2 + natives") +
    diff("transport: grpc-js + natives");
  const mainDiff = s[1][1] - e[1][1];
  return [
    `Server vs echo server, CPU per request under h2load ${load} (\`--cpu-prof\`, 1 ms sampling), ` +
    `${when}. Each column is its own process and h2load run; only the samples inside the CPU ` +
    `window (after warm-up, before the end of the measured phase) count, divided by the ` +
    `requests completed in the window. Process CPU is user + system time of all threads ` +
    `(/proc/<pid>/stat) over the same window, and the main (JS) thread's own (/proc/<pid>/task/` +
    `<pid>/stat); the profile sees only the main thread. Its busy samples are wall time: when ` +
    `they exceed the thread's CPU (it was preempted while busy, on a shared box) they are ` +
    `scaled down to it; when they fall short, the rest of its CPU ran where V8 samples ` +
    `"(idle)" — Deno's event loop and socket I/O in Rust — and is shown as "main thread ` +
    `outside JavaScript". ` +
    `"Other threads" (V8's GC and compiler helpers, Deno's I/O threads, onnxruntime's pool, ` +
    `the profiler's own sampling thread) is process minus main thread. Profiling itself adds ` +
    `some CPU, alike on both sides; the figures without it are in latest.md.`,
    "",
    `- ${describe(echo)}`,
    `- ${describe(server)}`,
    ...(eight ? [`- ${describe(eight)}`] : []),
    "",
    `**The runtime adds ${added.toFixed(1)} µs of process CPU per request** ` +
    `(${server.processMicrosPerRequest.toFixed(1)} vs ${
      echo.processMicrosPerRequest.toFixed(1)
    }, ` +
    `${signed((added / echo.processMicrosPerRequest) * 100)} % against the echo server); ` +
    `on the main thread ${signed(mainDiff)} µs, of which transport (node:http2, grpc-js and ` +
    `the natives they call) ${signed(transport)}, protobufjs ${
      signed(diff("protobufjs (wire codec)"))
    }, garbage collection ${signed(diff("garbage collection"))}, runtime/ ${
      signed(diff("runtime/ (all folders) + natives"))
    }, onnxruntime ${signed(diff("onnxruntime-node + natives"))}, prom-client ${
      signed(diff("prom-client (metrics)"))
    }, outside JavaScript ${signed(diff(OUTSIDE_JS))}, other ${
      signed(diff("other (V8 program, natives with no script caller, other packages)"))
    }; other threads ${signed(s[2][1] - e[2][1])} µs.`,
    "",
    ...(rounds ? [roundsLine(rounds), ""] : []),
    "Totals and groups (natives charged to the script that called them):",
    "",
    columns,
    rule,
    ...e.map(([name], i) => row(`**${name}**`, e[i][1], s[i][1], x?.[i][1])),
    ...table((run) => grouped(run.callerMicros)),
    "",
    "Self time by owner (natives by themselves; ≥ 0.3 µs/request on either side), sorted by " +
    "server − echo:",
    "",
    columns,
    rule,
    ...table((run) => run.selfMicros, 0.3),
    "",
  ].join("\n");
}

function fileName(echo: boolean, items: number, rate?: number): string {
  return `profile${echo ? "_echo" : ""}${items === 1 ? "" : `_x${items}`}` +
    `${rate ? `_rate${rate}` : ""}.md`;
}

async function write(name: string, markdown: string): Promise<void> {
  await Deno.writeTextFile(projectPath("bench", "results", name), markdown);
  console.log(markdown);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      items: { type: "string", default: "1" },
      seconds: { type: "string", default: "6" },
      rate: { type: "string" },
      echo: { type: "boolean", default: false },
      compare: { type: "boolean", default: false },
      rounds: { type: "string", default: "3" },
    },
  });
  const seconds = Number(values.seconds);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  const load = `8×16${rate ? ` offering ${rate} req/s` : ""}`;
  const pin = (Deno.env.get("BENCH_PIN") ?? "1") === "1" && await hasTaskset();
  const average = Deno.loadavg().map((v) => v.toFixed(2)).join(" / ");
  const when = `${new Date().toISOString()}, load average ${average}` +
    (pin ? ", pinned (h2load CPU 0, process CPU 1)" : ", not pinned");
  if (values.compare) {
    const rounds: Rounds = { echo: [], server: [], eight: [] };
    for (let round = 0; round < Number(values.rounds); round++) {
      rounds.echo.push(await profileRun("echo", 1, seconds, pin, rate));
      rounds.server.push(await profileRun("server", 1, seconds, pin, rate));
      rounds.eight.push(await profileRun("server", 8, seconds, pin, rate));
    }
    const [echo, server, eight] = [rounds.echo, rounds.server, rounds.eight].map(medianRun);
    await write(fileName(true, 1, rate), renderRun(echo, when, load));
    await write(fileName(false, 1, rate), renderRun(server, when, load));
    await write(fileName(false, 8, rate), renderRun(eight, when, load));
    await write(
      `profile_compare${rate ? `_rate${rate}` : ""}.md`,
      renderComparison(echo, server, eight, when, load, rounds),
    );
  } else {
    const items = Number(values.items);
    const run = await profileRun(values.echo ? "echo" : "server", items, seconds, pin, rate);
    await write(fileName(values.echo, items, rate), renderRun(run, when, load));
  }
}
