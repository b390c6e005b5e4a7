/**
 * Drives a gRPC unary method with h2load (Debian's nghttp2-client): the
 * request body file is one gRPC frame, headers `content-type:
 * application/grpc` and `te: trailers`; per-request latencies come from
 * h2load's `--log-file`.
 *
 * @module
 */
import { latencyPercentiles } from "./stats.ts";
import { type CpuMark, type CpuWindow, cpuWindow, markCpu, wallMicros } from "./cpu.ts";

/** One load run's figures. */
export interface LoadResult {
  /** Which loader produced them. */
  readonly loader: "h2load" | "grpc-js";
  /** Connections. */
  readonly connections: number;
  /** Concurrent streams per connection. */
  readonly streams: number;
  /** Completed requests per second. */
  readonly reqPerSec: number;
  /** Requests that completed with HTTP 200. */
  readonly succeeded: number;
  /** Requests that failed. */
  readonly failed: number;
  /** The offered req/s of a fixed-rate run (absent: as fast as answered). */
  readonly offeredRate?: number;
  /** Median latency, ms. */
  readonly p50Ms: number;
  /** 99th percentile latency, ms. */
  readonly p99Ms: number;
  /**
   * CPU of the server, its main thread and (h2load) the loader over a window
   * inside the measured phase, with the requests completed in it; absent
   * when no server pid was given.
   */
  readonly cpu?: CpuWindow;
}

/** How to drive one scenario. */
export interface LoadPlan {
  /** Server port on 127.0.0.1. */
  readonly port: number;
  /** `/Service/Method`. */
  readonly path: string;
  /** Request body: one gRPC frame. */
  readonly frame: Uint8Array;
  /** Connections. */
  readonly connections: number;
  /** Concurrent streams per connection. */
  readonly streams: number;
  /** Measured seconds. */
  readonly seconds: number;
  /** Warm-up seconds before measuring. */
  readonly warmupSeconds: number;
  /** The server's process id: its CPU time over the measured window is recorded. */
  readonly serverPid?: number;
  /**
   * Offered req/s in total for a fixed-rate run (h2load `--rps`, split evenly
   * over the connections); absent: as fast as the server answers.
   */
  readonly rate?: number;
  /** CPUs the loader is pinned to (`taskset -c` list), e.g. "0"; unpinned when absent. */
  readonly loaderCpus?: string;
  /** More request headers (`name: value`), e.g. Caikit's `mm-model-id: hello-world`. */
  readonly headers?: readonly string[];
}

/**
 * How far inside the measured phase the CPU window starts and ends, ms: the
 * marks are taken by timers of this process, which may fire late on a busy
 * box, so they stay clear of the warm-up and of the ramp-down.
 */
export const CPU_WINDOW_MARGIN_MS = 250;

/** True when an `h2load` executable is on PATH. */
export async function hasH2load(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("h2load", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

/** One h2load run of gRPC POSTs: one body file sent to a method on loopback. */
export interface GrpcLoad {
  /** Server port on 127.0.0.1. */
  readonly port: number;
  /** Method path; default `/ModzyModel/Run`. */
  readonly path?: string;
  /** File holding one length-prefixed gRPC message. */
  readonly bodyFile: string;
  /** Connections (`-c`). */
  readonly connections: number;
  /** Concurrent streams per connection (`-m`). */
  readonly streams: number;
  /** Requests to send (`-n`), when `seconds` is not given. */
  readonly requests?: number;
  /** Duration in seconds (`-D`), instead of a request count. */
  readonly seconds?: number;
  /** More h2load flags, placed before the URL. */
  readonly extra?: readonly string[];
}

/** The h2load command line for `load`: one thread, gRPC headers, loopback URL. */
export function grpcH2loadArgs(load: GrpcLoad): string[] {
  const amount = load.seconds !== undefined
    ? ["-D", String(load.seconds)]
    : ["-n", String(load.requests ?? 1)];
  return [
    ...amount,
    "-c",
    String(load.connections),
    "-m",
    String(load.streams),
    "-t",
    "1",
    "-d",
    load.bodyFile,
    "-H",
    "content-type: application/grpc",
    "-H",
    "te: trailers",
    ...(load.extra ?? []),
    `http://127.0.0.1:${load.port}${load.path ?? "/ModzyModel/Run"}`,
  ];
}

/** Runs h2load for `plan` and parses its throughput, latencies and the CPU window. */
export async function runH2load(plan: LoadPlan): Promise<LoadResult> {
  const dir = await Deno.makeTempDir({ prefix: "h2load_" });
  try {
    const body = `${dir}/body.bin`;
    const log = `${dir}/requests.tsv`;
    await Deno.writeFile(body, plan.frame);
    const args = grpcH2loadArgs({
      port: plan.port,
      path: plan.path,
      bodyFile: body,
      connections: plan.connections,
      streams: plan.streams,
      seconds: plan.seconds,
      extra: [
        `--warm-up-time=${plan.warmupSeconds}`,
        `--log-file=${log}`,
        ...(plan.rate ? [`--rps=${Math.max(1, Math.round(plan.rate / plan.connections))}`] : []),
        ...(plan.headers ?? []).flatMap((header) => ["-H", header]),
      ],
    });
    const child = new Deno.Command(plan.loaderCpus ? "taskset" : "h2load", {
      args: plan.loaderCpus ? ["-c", plan.loaderCpus, "h2load", ...args] : args,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const marks = plan.serverPid === undefined
      ? null
      : markMeasuredPhase(plan, plan.serverPid, child.pid);
    const { stdout, stderr, success } = await child.output();
    const text = new TextDecoder().decode(stdout);
    if (!success) {
      throw new Error(`h2load failed: ${text}\n${new TextDecoder().decode(stderr)}`);
    }
    const reqPerSec = Number(/finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(text)?.[1] ?? NaN);
    const counts = /requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed/
      .exec(text);
    const requests = readRequestLog(await Deno.readTextFile(log));
    const window = await marks;
    const cpu = window
      ? cpuWindow(
        window[0],
        window[1],
        completedBetween(requests, window[0].wallMicros, window[1].wallMicros),
      )
      : undefined;
    return {
      loader: "h2load",
      connections: plan.connections,
      streams: plan.streams,
      ...(plan.rate ? { offeredRate: plan.rate } : {}),
      reqPerSec,
      succeeded: Number(counts?.[3] ?? 0),
      failed: Number(counts?.[4] ?? 0),
      ...latencyPercentiles(requests.durations),
      ...(cpu ? { cpu } : {}),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Marks the CPU of the server and the loader a margin after h2load's warm-up
 * ends and a margin before its measured phase ends (h2load was spawned just
 * now). A server that has exited by then leaves the window unmeasured.
 */
async function markMeasuredPhase(
  plan: LoadPlan,
  serverPid: number,
  loaderPid: number,
): Promise<[CpuMark, CpuMark] | null> {
  const spawned = wallMicros();
  const at = (ms: number) =>
    new Promise<void>((resolve) =>
      setTimeout(resolve, Math.max(0, spawned / 1000 + ms - wallMicros() / 1000))
    );
  const warmupMs = plan.warmupSeconds * 1000;
  try {
    await at(warmupMs + CPU_WINDOW_MARGIN_MS);
    const start = markCpu(serverPid, loaderPid);
    await at(warmupMs + plan.seconds * 1000 - CPU_WINDOW_MARGIN_MS);
    return [start, markCpu(serverPid, loaderPid)];
  } catch {
    return null;
  }
}

/** h2load's per-request log: start times (µs since the epoch) and durations (µs). */
export interface RequestLog {
  /** Request start, microseconds since the epoch. */
  readonly starts: Float64Array;
  /** Request duration, microseconds. */
  readonly durations: Float64Array;
}

/** Parses h2load's `--log-file` (start µs since the epoch, status, duration µs; tab-separated). */
export function readRequestLog(log: string): RequestLog {
  const starts: number[] = [];
  const durations: number[] = [];
  for (const line of log.split("\n")) {
    const columns = line.split("\t");
    if (columns.length >= 3) {
      starts.push(Number(columns[0]));
      durations.push(Number(columns[2]));
    }
  }
  return { starts: Float64Array.from(starts), durations: Float64Array.from(durations) };
}

/** How many requests of `log` completed in [`fromMicros`, `toMicros`) (epoch µs). */
export function completedBetween(log: RequestLog, fromMicros: number, toMicros: number): number {
  let count = 0;
  for (let i = 0; i < log.starts.length; i++) {
    const end = log.starts[i] + log.durations[i];
    if (end >= fromMicros && end < toMicros) count++;
  }
  return count;
}
