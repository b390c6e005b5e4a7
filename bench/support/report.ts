/**
 * The benchmark report: one JSON document and a markdown table rendered
 * from it, written to bench/results/latest.{json,md}.
 *
 * @module
 */
import type { LoadResult } from "./h2load.ts";
import type { InProcessResult } from "./in_process.ts";

/** One load scenario's figures and the server's memory after it. */
export interface ScenarioResult extends LoadResult {
  /** Scenario name, e.g. `server run x1`. */
  readonly name: string;
  /** Items per request. */
  readonly itemsPerRequest: number;
  /** Items per second. */
  readonly itemsPerSec: number;
  /** The serving process's RSS after the run, MiB. */
  readonly rssMiB: number;
  /**
   * Server CPU (user + system, all threads) per completed request over the
   * measured window, µs: the median of the rounds (NaN when not measured).
   */
  readonly serverCpuMicrosPerRequest: number;
  /** The same per item. */
  readonly serverCpuMicrosPerItem: number;
  /** Cores the server kept busy over the window (1 = one core), median of the rounds. */
  readonly serverCores: number;
  /** Cores h2load kept busy over the window, median of the rounds (NaN for grpc-js). */
  readonly loaderCores: number;
  /** Every round's figures, in order (the row's throughput is the best of them). */
  readonly rounds: readonly RoundFigures[];
}

/** One round of one scenario. */
export interface RoundFigures {
  /** Completed requests per second. */
  readonly reqPerSec: number;
  /** Items per second. */
  readonly itemsPerSec: number;
  /** Median latency, ms. */
  readonly p50Ms: number;
  /** Server CPU µs per request over the window. */
  readonly serverCpuMicrosPerRequest: number;
  /** Cores the server kept busy. */
  readonly serverCores: number;
  /** Cores the loader kept busy. */
  readonly loaderCores: number;
}

/** A micro-benchmark from `deno bench --json`. */
export interface MicroResult {
  /** Benchmark name. */
  readonly name: string;
  /** Group, if any. */
  readonly group: string | null;
  /** Mean time per iteration, ns. */
  readonly avgNs: number;
  /** Iterations per second. */
  readonly perSec: number;
}

/** Everything one `deno task bench` run measured. */
export interface BenchReport {
  /** When, ISO 8601. */
  readonly date: string;
  /** The server measured: its checkout and commit. */
  readonly server: string;
  /**
   * Measured seconds per load run, interleaved rounds per scenario (best
   * req/s kept, CPU per request the median), the loader, whether loader and
   * server were pinned to separate cores, and the /proc clock ticks per second.
   */
  readonly method: {
    readonly seconds: number;
    readonly rounds: number;
    readonly loader: string;
    readonly pinned: boolean;
    readonly clockTicksPerSecond: number;
  };
  /** The machine: CPU model, cores, memory, OS, Deno. */
  readonly machine: Readonly<Record<string, string | number>>;
  /** Load average when the run started (1, 5, 15 min): how busy the box was. */
  readonly loadAverage: readonly number[];
  /** Load scenarios. */
  readonly scenarios: readonly ScenarioResult[];
  /** In-process ceiling. */
  readonly inProcess: InProcessResult;
  /** Cold start: spawn to first Status 200, ms (all runs and the median). */
  readonly coldStartMs: { readonly runs: readonly number[]; readonly median: number };
  /** RSS of the idle server after start, MiB. */
  readonly idleRssMiB: number;
  /** Headline ratios and comparisons. */
  readonly ratios: Readonly<Record<string, number | string>>;
  /** For some ratios, their lowest and highest value over the rounds (round i against round i). */
  readonly spreads: Readonly<Record<string, readonly [number, number]>>;
  /** Micro-benchmarks. */
  readonly micro: readonly MicroResult[];
  /** Things not measured, with the reason. */
  readonly notes: readonly string[];
}

const fixed = (value: number, digits = 0) => Number.isFinite(value) ? value.toFixed(digits) : "—";

/** The report as markdown. */
export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const machine = report.machine;
  lines.push(
    `Measured ${report.date} on ${machine.cpu} (${machine.cores} cores, ` +
      `${machine.memoryGiB} GiB, ${machine.os}, Deno ${machine.deno}); load average at start ` +
      `${
        report.loadAverage.map((v) => v.toFixed(2)).join(" / ")
      }. Loader and server share the box` +
      (report.method.pinned
        ? " (pinned: h2load on CPU 0, the servers on CPU 1, `taskset`)"
        : " (not pinned)") +
      `. Server: ${report.server}. Each row is the best (highest req/s; lowest p50 at a ` +
      `fixed rate) of ` +
      `${report.method.rounds} interleaved ${report.method.seconds} s ${report.method.loader} runs; ` +
      `the CPU columns are the median of those rounds: CPU time of the serving process (the ` +
      `echo server in echo rows; user + system, all ` +
      `threads, /proc/<pid>/stat at ${report.method.clockTicksPerSecond} ticks/s) over a window ` +
      `inside the measured phase, divided by the requests (items) completed in it; "cores" is ` +
      `CPU time over wall time (1 = one core busy throughout).`,
  );
  lines.push("");
  lines.push(
    "| scenario | loader | conn×streams | req/s | items/s | p50 ms | p99 ms | RSS MiB | " +
      "server CPU µs/req | server CPU µs/item | server cores | loader cores |",
  );
  lines.push("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const s of report.scenarios) {
    lines.push(
      `| ${s.name} | ${s.loader} | ${s.connections}×${s.streams}` +
        `${s.offeredRate ? ` @ ${s.offeredRate}/s` : ""} | ${fixed(s.reqPerSec)} | ` +
        `${fixed(s.itemsPerSec)} | ${fixed(s.p50Ms, 2)} | ${fixed(s.p99Ms, 2)} | ` +
        `${fixed(s.rssMiB)} | ${fixed(s.serverCpuMicrosPerRequest, 1)} | ` +
        `${fixed(s.serverCpuMicrosPerItem, 1)} | ${fixed(s.serverCores, 2)} | ` +
        `${fixed(s.loaderCores, 2)} |`,
    );
  }
  lines.push("");
  lines.push("| figure | value | rounds min–max |");
  lines.push("|---|---:|---:|");
  for (const [name, value] of Object.entries(report.ratios)) {
    const spread = report.spreads[name];
    const digits = Math.abs(Number(value)) >= 10 ? 1 : 2;
    lines.push(
      `| ${name} | ${typeof value === "number" ? fixed(value, digits) : value} | ` +
        `${spread ? `${fixed(spread[0], digits)}–${fixed(spread[1], digits)}` : ""} |`,
    );
  }
  const p = report.inProcess;
  lines.push(`| in-process onnxruntime runs/s (batch 1) | ${fixed(p.ortRunsPerSec)} | |`);
  lines.push(`| in-process onnxruntime rows/s (batch 64) | ${fixed(p.ortRowsPerSecBatch64)} | |`);
  lines.push(`| in-process module items/s (1 item per call) | ${fixed(p.moduleItemsPerSec)} | |`);
  lines.push(
    `| cold start median ms (spawn → Status 200, n=${report.coldStartMs.runs.length}) | ` +
      `${fixed(report.coldStartMs.median)} | |`,
  );
  lines.push(`| idle RSS MiB | ${fixed(report.idleRssMiB)} | |`);
  if (report.micro.length > 0) {
    lines.push("");
    lines.push("| micro-benchmark | time/iter | iter/s |");
    lines.push("|---|---:|---:|");
    for (const m of report.micro) {
      const time = m.avgNs >= 1e6
        ? `${(m.avgNs / 1e6).toFixed(2)} ms`
        : m.avgNs >= 1e3
        ? `${(m.avgNs / 1e3).toFixed(2)} µs`
        : `${m.avgNs.toFixed(0)} ns`;
      lines.push(`| ${m.group ? `${m.group}: ` : ""}${m.name} | ${time} | ${fixed(m.perSec)} |`);
    }
  }
  for (const note of report.notes) lines.push("", `Note: ${note}`);
  return lines.join("\n") + "\n";
}

/** Reads `deno bench --json` output, if the task wrote it. */
export function readMicroResults(path: string): MicroResult[] {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch {
    return [];
  }
  const start = text.indexOf("{");
  if (start < 0) return [];
  const document = JSON.parse(text.slice(start)) as {
    benches?: {
      name: string;
      group?: string | null;
      results: { ok?: { avg: number } }[];
    }[];
  };
  const results: MicroResult[] = [];
  for (const bench of document.benches ?? []) {
    const avg = bench.results[0]?.ok?.avg;
    if (avg === undefined) continue;
    results.push({ name: bench.name, group: bench.group ?? null, avgNs: avg, perSec: 1e9 / avg });
  }
  return results;
}

/** Facts about this machine for the report. */
export function machineFacts(): Record<string, string | number> {
  const cpuinfo = safeRead("/proc/cpuinfo");
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown CPU";
  const memKiB = Number(/^MemTotal:\s+(\d+)/m.exec(safeRead("/proc/meminfo"))?.[1] ?? NaN);
  const os = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(safeRead("/etc/os-release"))?.[1] ?? Deno.build.os;
  return {
    cpu,
    cores: navigator.hardwareConcurrency,
    memoryGiB: Math.round(memKiB / 1024 / 1024 * 10) / 10,
    os: `${os}, ${Deno.build.arch}`,
    deno: Deno.version.deno,
  };
}

function safeRead(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return "";
  }
}
