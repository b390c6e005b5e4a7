/**
 * Drives a gRPC unary method with h2load (Debian's nghttp2-client): the
 * request body file is one gRPC frame, headers `content-type:
 * application/grpc` and `te: trailers`; per-request latencies come from
 * h2load's `--log-file`.
 *
 * @module
 */
import { latencyPercentiles } from "./stats.ts";

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
  /** Median latency, ms. */
  readonly p50Ms: number;
  /** 99th percentile latency, ms. */
  readonly p99Ms: number;
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
}

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

/** Runs h2load for `plan` and parses its throughput and latencies. */
export async function runH2load(plan: LoadPlan): Promise<LoadResult> {
  const dir = await Deno.makeTempDir({ prefix: "h2load_" });
  try {
    const body = `${dir}/body.bin`;
    const log = `${dir}/requests.tsv`;
    await Deno.writeFile(body, plan.frame);
    const { stdout, stderr, success } = await new Deno.Command("h2load", {
      args: grpcH2loadArgs({
        port: plan.port,
        path: plan.path,
        bodyFile: body,
        connections: plan.connections,
        streams: plan.streams,
        seconds: plan.seconds,
        extra: [`--warm-up-time=${plan.warmupSeconds}`, `--log-file=${log}`],
      }),
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(stdout);
    if (!success) {
      throw new Error(`h2load failed: ${text}\n${new TextDecoder().decode(stderr)}`);
    }
    const reqPerSec = Number(/finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(text)?.[1] ?? NaN);
    const counts = /requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed/
      .exec(text);
    const latencies = readLatencies(await Deno.readTextFile(log));
    return {
      loader: "h2load",
      connections: plan.connections,
      streams: plan.streams,
      reqPerSec,
      succeeded: Number(counts?.[3] ?? 0),
      failed: Number(counts?.[4] ?? 0),
      ...latencyPercentiles(latencies),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Microsecond durations (third column) of h2load's per-request log. */
function readLatencies(log: string): Float64Array {
  const values: number[] = [];
  for (const line of log.split("\n")) {
    const columns = line.split("\t");
    if (columns.length >= 3) values.push(Number(columns[2]));
  }
  return Float64Array.from(values);
}
