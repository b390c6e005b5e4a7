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
 *
 * With BENCH_BASELINE_ROOT (another checkout, e.g. an older commit, with its
 * own serve bundle built) its server and its `main.ts --version` are measured
 * too, alternating run by run with this one (the order swapped every run), so
 * both see the same noise; each run pair gives a ratio (this ÷ baseline) and
 * the report gives the median of those paired ratios beside the ratio of the
 * medians. Every serve run also records the CPU time the server had used
 * when its answer arrived (all live threads, and the main thread alone, from
 * /proc schedstat): on a shared machine it moves less with the neighbours'
 * load than the wall clock does.
 *
 * BENCH_COLD_RESULTS=<name> writes bench/results/<name>.md and .json.
 *
 * Run: `deno run -A bench/cold_start.ts`.
 *
 * @module
 */
import { projectPath } from "../runtime/base/assets.ts";
import { SERVE_PERMISSIONS, serverRoot, startServer } from "./support/processes.ts";
import { runMillis } from "./support/cpu.ts";
import { machineFacts } from "./support/report.ts";
import { median } from "./support/stats.ts";
import { serveBundleIsFresh } from "../runtime/cli/serve_bundle.ts";
import { buildServeBundle } from "../scripts/serve_bundle.ts";

const RUNS = Number(Deno.env.get("BENCH_COLD_RUNS") ?? 10);
const BASELINE_ROOT = Deno.env.get("BENCH_BASELINE_ROOT");
const RESULTS = Deno.env.get("BENCH_COLD_RESULTS");

/** One measured run: wall milliseconds, and for a server the CPU it had used by then. */
interface Sample {
  readonly ms: number;
  readonly cpuMs?: number;
  readonly mainThreadMs?: number;
}

/** Milliseconds from spawn to exit of `deno <args>`, which must succeed. */
async function timeExec(args: readonly string[]): Promise<Sample> {
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
  return { ms };
}

/**
 * Runs of each of `measures`, taken in turn run by run (the order reversed
 * every other run), after one unmeasured round that warms the caches.
 */
async function interleaved(measures: readonly (() => Promise<Sample>)[]): Promise<Sample[][]> {
  for (const measure of measures) await measure();
  const runs = measures.map(() => [] as Sample[]);
  for (let run = 0; run < RUNS; run++) {
    const order = [...measures.keys()];
    if (run % 2 === 1) order.reverse();
    for (const index of order) runs[index].push(await measures[index]());
  }
  return runs;
}

/** Spawn to first Status 200 of the server of checkout `root`, and its CPU time by then. */
async function coldStart(root: string): Promise<Sample> {
  const server = await startServer([], root);
  const cpu = runMillis(server.pid);
  await server.stop();
  return { ms: server.readyMs, cpuMs: cpu.all, mainThreadMs: cpu.mainThread };
}

/** `main.ts --version` of checkout `root`. */
function versionArgs(root: string): string[] {
  return [
    "run",
    ...SERVE_PERMISSIONS,
    `--config=${root}/deno.json`,
    `${root}/main.ts`,
    "--version",
  ];
}

/** The commit checked out at `root`, abbreviated, with its subject. */
function commitOf(root: string): string {
  const output = new Deno.Command("git", {
    args: ["-C", root, "log", "-1", "--format=%h %s"],
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  const text = new TextDecoder().decode(output.stdout).trim();
  if (!output.success || !text) return "(not a git checkout)";
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** A row of the report: one measurement over its runs. */
interface Row {
  readonly label: string;
  readonly runs: readonly Sample[];
}

const pick = (runs: readonly Sample[], of: (sample: Sample) => number | undefined) =>
  runs.map(of).filter((value): value is number => value !== undefined);

// The server runs from the serve bundle when it is fresh (runtime/cli/serve_bundle.ts): bring it up to date.
if (Deno.env.get("BENCH_NO_BUNDLE") === undefined && !await serveBundleIsFresh()) {
  const { bundle } = await buildServeBundle();
  console.log(`rebuilt the serve bundle ${bundle}`);
}

const loadBefore = Deno.loadavg();
const config = `--config=${projectPath("deno.json")}`;
const empty = Deno.makeTempFileSync({ prefix: "cold_start_empty_", suffix: ".ts" });
const roots = [serverRoot(), ...(BASELINE_ROOT ? [BASELINE_ROOT] : [])];
const rows: Row[] = [];
try {
  const [emptyRuns] = await interleaved([() => timeExec(["run", config, empty])]);
  rows.push({ label: "deno run empty.ts (config loaded)", runs: emptyRuns });
  const versions = await interleaved(roots.map((root) => () => timeExec(versionArgs(root))));
  const serves = await interleaved(roots.map((root) => () => coldStart(root)));
  for (const index of roots.keys()) {
    const which = index === 0 ? "" : " (baseline)";
    rows.push({ label: `main.ts --version${which}`, runs: versions[index] });
    rows.push({ label: `main.ts --serve → first Status 200${which}`, runs: serves[index] });
  }
} finally {
  Deno.removeSync(empty);
}
const loadAfter = Deno.loadavg();

const width = Math.max(...rows.map(({ label }) => label.length));
for (const { label, runs } of rows) {
  const all = runs.map(({ ms }) => ms.toFixed(0)).join(" ");
  const wall = median(pick(runs, ({ ms }) => ms));
  const cpu = pick(runs, ({ cpuMs }) => cpuMs);
  const cpuText = cpu.length ? `, server CPU ${median(cpu).toFixed(0)} ms` : "";
  console.log(
    `${label.padEnd(width)}  median ${wall.toFixed(0).padStart(4)} ms${cpuText}  (${all})`,
  );
}

/** Paired ratios (this ÷ baseline) of the serve runs, by `of`, and their median. */
function paired(of: (sample: Sample) => number | undefined) {
  const mine = rows.find((row) => row.label === "main.ts --serve → first Status 200")!.runs;
  const theirs = rows.find((row) => row.label.endsWith("first Status 200 (baseline)"))?.runs;
  if (!theirs) return null;
  const ratios = mine.map((sample, index) => of(sample)! / of(theirs[index])!);
  const medians = [mine, theirs].map((runs) => median(pick(runs, of)));
  return {
    medians: { current: medians[0], baseline: medians[1] },
    ratioOfMedians: medians[0] / medians[1],
    medianPairedRatio: median(ratios),
    pairedRatios: ratios,
  };
}

const comparison = BASELINE_ROOT
  ? {
    wallMs: paired(({ ms }) => ms),
    serverCpuMs: paired(({ cpuMs }) => cpuMs),
    serverMainThreadMs: paired(({ mainThreadMs }) => mainThreadMs),
  }
  : null;
if (comparison) {
  for (const [name, figures] of Object.entries(comparison)) {
    if (!figures) continue;
    console.log(
      `${name}: this ÷ baseline, ratio of medians ${figures.ratioOfMedians.toFixed(3)}, ` +
        `median of paired ratios ${figures.medianPairedRatio.toFixed(3)}`,
    );
  }
}

if (RESULTS) {
  const result = {
    date: new Date().toISOString(),
    machine: machineFacts(),
    loadAverage: { before: loadBefore, after: loadAfter },
    runs: RUNS,
    current: { root: roots[0], commit: commitOf(roots[0]) },
    baseline: BASELINE_ROOT ? { root: BASELINE_ROOT, commit: commitOf(BASELINE_ROOT) } : null,
    rows: rows.map(({ label, runs }) => ({
      label,
      medianMs: median(pick(runs, ({ ms }) => ms)),
      runs,
    })),
    comparison,
  };
  const base = projectPath("bench", "results", RESULTS);
  Deno.writeTextFileSync(`${base}.json`, JSON.stringify(result, null, 2) + "\n");
  Deno.writeTextFileSync(`${base}.md`, renderMarkdown(result));
  console.log(`wrote ${base}.md and .json`);
}

/** The Markdown report of `result`. */
function renderMarkdown(result: {
  date: string;
  machine: Record<string, string | number>;
  loadAverage: { before: number[]; after: number[] };
  current: { root: string; commit: string };
  baseline: { root: string; commit: string } | null;
  rows: { label: string; medianMs: number; runs: readonly Sample[] }[];
  comparison: typeof comparison;
}): string {
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(" / ");
  const m = result.machine;
  const lines = [
    "# Cold start: spawn → first Modzy Status 200",
    "",
    `Measured ${result.date} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, ` +
    `Deno ${m.deno}); load average ${load(result.loadAverage.before)} before, ` +
    `${load(result.loadAverage.after)} after (the machine is shared: other work ran meanwhile). ` +
    `Written by \`BENCH_COLD_RESULTS=<name> deno run -A bench/cold_start.ts\`, ${RUNS} measured ` +
    `runs per row after one warm-up${
      result.baseline
        ? ", current and baseline alternating run by run (order swapped each run)"
        : ""
    }. Current: ${result.current.commit}.${
      result.baseline ? ` Baseline: ${result.baseline.commit} (its own serve bundle).` : ""
    } Server CPU: CPU time the server's live threads (and its main thread) had used when the ` +
    "answer arrived.",
    "",
    "| measurement | median ms | runs (ms) | server CPU ms (median) | main thread CPU ms (median) |",
    "| --- | ---: | --- | ---: | ---: |",
    ...result.rows.map(({ label, medianMs, runs }) => {
      const cpu = pick(runs, ({ cpuMs }) => cpuMs);
      const main = pick(runs, ({ mainThreadMs }) => mainThreadMs);
      return `| ${label} | ${medianMs.toFixed(0)} | ${
        runs.map(({ ms }) => ms.toFixed(0)).join(" ")
      } | ${cpu.length ? median(cpu).toFixed(0) : ""} | ${
        main.length ? median(main).toFixed(0) : ""
      } |`;
    }),
  ];
  if (result.comparison) {
    lines.push(
      "",
      "| this ÷ baseline | ratio of medians | median of paired ratios | paired ratios, run by run |",
      "| --- | ---: | ---: | --- |",
    );
    for (const [name, figures] of Object.entries(result.comparison)) {
      if (!figures) continue;
      lines.push(
        `| ${name} | ${figures.ratioOfMedians.toFixed(3)} | ${
          figures.medianPairedRatio.toFixed(3)
        } | ${figures.pairedRatios.map((ratio) => ratio.toFixed(2)).join(" ")} |`,
      );
    }
  }
  return lines.join("\n") + "\n";
}
