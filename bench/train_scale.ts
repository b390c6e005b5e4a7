/**
 * Training at scale (a benchmark, not a timed test): writes a deterministic
 * 1,000,000-row CSV of 50 feature columns (48 numeric, 2 categorical of 4
 * values: 56 model inputs) and a 3-class label into a temp folder, then
 * trains it with `--model auto` and with each family pinned (linear, mlp,
 * trees), each in a process of its own, and records the wall time and the
 * peak RSS (`/usr/bin/time`'s maximum resident set size) against the bound
 * 3 × the float32 feature matrix + the idle process (the same command
 * training iris). Also trains a 100,000-row × 20-column CSV with `--model
 * linear`. Writes bench/results/train_scale.{md,json}. Run:
 * `deno run -A bench/train_scale.ts [family…]` (TRAIN_SCALE_ROWS to change
 * the row count).
 *
 * @module
 */
import { join } from "node:path";
import { projectPath } from "../runtime/base/assets.ts";
import { writeScaleCsv } from "./support/scale_csv.ts";

const ROWS = Number(Deno.env.get("TRAIN_SCALE_ROWS") ?? 1_000_000);
const FAMILIES = Deno.args.length > 0 ? Deno.args : ["auto", "linear", "mlp", "trees"];
const CATEGORY_VALUES = 4;

/** One measured training run. */
interface Run {
  readonly name: string;
  readonly model: string;
  readonly rows: number;
  readonly inputs: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
  readonly ok: boolean;
  readonly chosen?: string;
  readonly accuracy?: number;
  readonly readSeconds?: number;
  readonly log: readonly string[];
}

const MiB = 1024 * 1024;

/** Trains `csv` with `model` in a process of its own under /usr/bin/time. */
async function train(name: string, csv: string, model: string, rows: number, inputs: number) {
  const dir = await Deno.makeTempDir({ prefix: "train_scale_out_" });
  const timing = join(dir, "time.txt");
  const started = performance.now();
  const output = await new Deno.Command("/usr/bin/time", {
    args: [
      "-f",
      "%M",
      "-o",
      timing,
      Deno.execPath(),
      "run",
      "-A",
      projectPath("main.ts"),
      "--train",
      csv,
      "--out",
      join(dir, "bundle"),
      "--model",
      model,
      "--seed",
      "42",
    ],
    cwd: projectPath(),
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const seconds = (performance.now() - started) / 1000;
  const peakKiB = Number((await Deno.readTextFile(timing)).trim().split("\n").at(-1));
  await Deno.remove(dir, { recursive: true });
  const log = new TextDecoder().decode(output.stderr).split("\n").filter((line) => line !== "");
  const chosen = log.map((line) => /auto: chose (\w+)/.exec(line)?.[1]).find(Boolean);
  const accuracy = log.map((line) => / accuracy=([\d.]+)/.exec(line)?.[1]).find(Boolean);
  const readLine = log.find((line) => / read \d+ rows/.test(line));
  const firstLine = log[0];
  const readSeconds = readLine && firstLine
    ? (Date.parse(readLine.slice(0, 24)) - Date.parse(firstLine.slice(0, 24))) / 1000
    : undefined;
  const run: Run = {
    name,
    model,
    rows,
    inputs,
    seconds,
    peakRssMiB: peakKiB / 1024,
    ok: output.success,
    chosen,
    accuracy: accuracy === undefined ? undefined : Number(accuracy),
    readSeconds,
    log: log.filter((line) => !/reading the CSV/.test(line)).slice(-12),
  };
  console.log(
    `${name} --model ${model}: ${seconds.toFixed(1)} s, peak RSS ${run.peakRssMiB.toFixed(0)} MiB` +
      `${run.ok ? "" : " (FAILED)"}${chosen ? `, chose ${chosen}` : ""}`,
  );
  return run;
}

const dir = await Deno.makeTempDir({ prefix: "train_scale_" });
try {
  const idle = await train(
    "iris (idle process)",
    projectPath("data", "iris.csv"),
    "linear",
    150,
    4,
  );
  const big = join(dir, "scale_1m.csv");
  const numeric = 48;
  const categorical = 2;
  const bytes = await writeScaleCsv(big, { rows: ROWS, numeric, categorical, classes: 3, seed: 7 });
  const inputs = numeric + categorical * CATEGORY_VALUES;
  const matrixMiB = (ROWS * inputs * 4) / MiB;
  const boundMiB = 3 * matrixMiB + idle.peakRssMiB;
  const runs: Run[] = [];
  for (const model of FAMILIES) {
    runs.push(await train(`${ROWS} × 50`, big, model, ROWS, inputs));
  }
  await Deno.remove(big);
  const small = join(dir, "scale_100k.csv");
  await writeScaleCsv(small, { rows: 100_000, numeric: 20, categorical: 0, classes: 3, seed: 7 });
  const linear100k = await train("100000 × 20", small, "linear", 100_000, 20);

  const result = {
    date: new Date().toISOString(),
    cpus: navigator.hardwareConcurrency,
    csv: { rows: ROWS, featureColumns: numeric + categorical, inputs, bytes },
    float32MatrixMiB: matrixMiB,
    idleProcessMiB: idle.peakRssMiB,
    boundMiB,
    runs: runs.map((run) => ({ ...run, withinBound: run.peakRssMiB <= boundMiB })),
    linear100k,
  };
  await Deno.writeTextFile(
    projectPath("bench", "results", "train_scale.json"),
    JSON.stringify(result, null, 2) + "\n",
  );
  const row = (run: Run) =>
    `| ${run.model} | ${run.ok ? "ok" : "FAILED"} | ${run.chosen ?? ""} | ` +
    `${run.accuracy?.toFixed(4) ?? ""} | ${run.readSeconds?.toFixed(0) ?? ""} | ` +
    `${run.seconds.toFixed(0)} | ${run.peakRssMiB.toFixed(0)} | ` +
    `${run.peakRssMiB <= boundMiB ? "yes" : "no"} |`;
  const markdown = [
    "# Training at scale",
    "",
    `Written by \`deno run -A bench/train_scale.ts\` on ${result.date} (${result.cpus} CPUs, ` +
    `shared). A deterministic CSV (bench/support/scale_csv.ts, seed 7) of ${ROWS} rows: 48 ` +
    `numeric and 2 categorical feature columns (${inputs} model inputs), a 3-class label; ` +
    `${(bytes / MiB).toFixed(0)} MiB. Each row is one \`--train\` process; peak RSS is ` +
    "`/usr/bin/time`'s maximum resident set size.",
    "",
    `- float32 feature matrix: ${matrixMiB.toFixed(0)} MiB`,
    `- idle process (the same command training iris): ${idle.peakRssMiB.toFixed(0)} MiB`,
    `- bound, 3 × matrix + idle: ${boundMiB.toFixed(0)} MiB`,
    "",
    "| --model | exit | chosen | holdout accuracy | read s | total s | peak RSS MiB | within bound |",
    "|---|---|---|---|---|---|---|---|",
    ...runs.map(row),
    "",
    "100,000 rows × 20 numeric columns, `--model linear`:",
    "",
    "| --model | exit | chosen | holdout accuracy | read s | total s | peak RSS MiB | within bound |",
    "|---|---|---|---|---|---|---|---|",
    row(linear100k).replace(/\| (yes|no) \|$/, "| n/a |"),
    "",
  ].join("\n");
  await Deno.writeTextFile(projectPath("bench", "results", "train_scale.md"), markdown);
  console.log(markdown);
} finally {
  await Deno.remove(dir, { recursive: true });
}
