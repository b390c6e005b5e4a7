/**
 * Cold start of the real server, as issue 5 defines it: exec of `deno run
 * main.ts --serve` (this Deno executable, warm module cache, no npx) until
 * the first Modzy Status answers 200; median of BENCH_COLD_RUNS (default 10)
 * runs, measured with the load benchmark's own harness
 * (bench/support/processes.ts). Beside it, the floors it stands on, each a
 * median of the same number of runs: `deno run` of an empty file under the
 * project's config, and `main.ts --version` (flag parsing, no serving code).
 * The serve bundle (runtime/cli/serve_bundle.ts) is rebuilt first when it is
 * stale, unless BENCH_NO_BUNDLE is set (then a stale bundle means the server
 * runs from source).
 * With BENCH_BASELINE_ROOT (another checkout, e.g. an older commit) its server
 * is measured too, alternating run by run with this one, so both see the
 * same noise.
 *
 * Run: `deno run -A bench/cold_start.ts`.
 *
 * @module
 */
import { projectPath } from "../runtime/base/assets.ts";
import { SERVE_PERMISSIONS, serverRoot, startServer } from "./support/processes.ts";
import { serveBundleIsFresh } from "../runtime/cli/serve_bundle.ts";
import { buildServeBundle } from "../scripts/serve_bundle.ts";

const RUNS = Number(Deno.env.get("BENCH_COLD_RUNS") ?? 10);
const BASELINE_ROOT = Deno.env.get("BENCH_BASELINE_ROOT");

/** The median of `values`. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds from spawn to exit of `deno <args>`, which must succeed. */
async function timeExec(args: readonly string[]): Promise<number> {
  const started = performance.now();
  const output = await new Deno.Command(Deno.execPath(), {
    args: [...args],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const ms = performance.now() - started;
  if (!output.success) {
    throw new Error(`deno ${args.join(" ")} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return ms;
}

/** Runs of one measurement and their median. */
interface Measured {
  median: number;
  runs: number[];
}

/**
 * Medians over RUNS of each of `measures`, taken in turn run by run, after
 * one unmeasured round that warms the caches.
 */
async function mediansOf(measures: readonly (() => Promise<number>)[]): Promise<Measured[]> {
  for (const measure of measures) await measure();
  const runs = measures.map(() => [] as number[]);
  for (let run = 0; run < RUNS; run++) {
    for (const [index, measure] of measures.entries()) runs[index].push(await measure());
  }
  return runs.map((values) => ({ median: median(values), runs: values }));
}

/** Milliseconds from spawn to the first Status 200 of the server of checkout `root`. */
async function coldStart(root: string): Promise<number> {
  const server = await startServer([], root);
  await server.stop();
  return server.readyMs;
}

// The server runs from the serve bundle when it is fresh (runtime/cli/serve_bundle.ts): bring it up to date.
if (Deno.env.get("BENCH_NO_BUNDLE") === undefined && !await serveBundleIsFresh()) {
  const { bundle } = await buildServeBundle();
  console.log(`rebuilt the serve bundle ${bundle}`);
}

const config = `--config=${projectPath("deno.json")}`;
const empty = Deno.makeTempFileSync({ prefix: "cold_start_empty_", suffix: ".ts" });
try {
  const floors: [string, string[]][] = [
    ["deno run empty.ts (config loaded)", ["run", config, empty]],
    ["main.ts --version", [
      "run",
      ...SERVE_PERMISSIONS,
      config,
      projectPath("main.ts"),
      "--version",
    ]],
  ];
  const rows: [string, Measured][] = [];
  for (const [label, args] of floors) {
    rows.push([label, (await mediansOf([() => timeExec(args)]))[0]]);
  }
  const roots = [serverRoot(), ...(BASELINE_ROOT ? [BASELINE_ROOT] : [])];
  const serves = await mediansOf(roots.map((root) => () => coldStart(root)));
  for (const [index, root] of roots.entries()) {
    const which = index === 0 ? "" : ` (baseline ${root})`;
    rows.push([`main.ts --serve → first Status 200${which}`, serves[index]]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, { median, runs }] of rows) {
    const all = runs.map((ms) => ms.toFixed(0)).join(" ");
    console.log(`${label.padEnd(width)}  median ${median.toFixed(0).padStart(4)} ms  (${all})`);
  }
} finally {
  Deno.removeSync(empty);
}
