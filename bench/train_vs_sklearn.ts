/**
 * Quality and speed of the trainer against scikit-learn on public tabular
 * data sets shipped by Debian's python3-sklearn (iris, wine, breast_cancer,
 * digits, and make_classification's 2,000-row 5-class set): for each, the
 * trainer fits logistic regression, the MLP and gradient-boosted trees; the
 * exact train/holdout split it used is exported and scikit-learn's
 * `LogisticRegression` after `StandardScaler` and its
 * `HistGradientBoostingClassifier` are fitted on the same rows. A second
 * table compares the trees with HistGradientBoosting alone on
 * make_classification's 100,000-row, 20-feature, 5-class set. scikit-learn
 * runs on one thread (OMP_NUM_THREADS=1), as the trainer runs on one core.
 * Prints Markdown tables and writes them to bench/results/train_vs_sklearn.md.
 * Run: `deno run -A bench/train_vs_sklearn.ts` (part of `deno task bench`);
 * `deno run -A bench/train_vs_sklearn.ts large` runs and prints the large
 * comparison only (nothing written).
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { trainToBundle } from "../runtime/train/train.ts";
import { readCsvRecords } from "../runtime/train/csv_records.ts";
import { buildTrainingTable, type TrainingTable } from "../runtime/train/training_table.ts";
import { type HoldoutSplit, stratifiedHoldoutSplit } from "../runtime/train/holdout_split.ts";
import { HOLDOUT_FRACTION, type ModelKind } from "../runtime/train/train_types.ts";

const PYTHON = "/usr/bin/python3";
const HELPER = fromFileUrl(new URL("./sklearn_reference.py", import.meta.url));
const RESULTS = fromFileUrl(new URL("./results/train_vs_sklearn.md", import.meta.url));
const DATASETS = ["iris", "wine", "breast_cancer", "digits", "synthetic_2000"];
const LARGE = "synthetic_100000";
const SEED = 42;

async function python(args: string[]): Promise<string> {
  const output = await new Deno.Command(PYTHON, {
    args: [HELPER, ...args],
    env: { OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" },
  }).output();
  if (!output.success) {
    throw new Error(`python helper ${args[0]} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return new TextDecoder().decode(output.stdout);
}

async function sklearnAvailable(): Promise<boolean> {
  try {
    const check = await new Deno.Command(PYTHON, { args: ["-c", "import sklearn"] }).output();
    return check.success;
  } catch {
    return false;
  }
}

/** One data set exported to CSV, read as the trainer reads it, and its split written for Python. */
interface Prepared {
  readonly csvPath: string;
  readonly table: TrainingTable;
  readonly split: HoldoutSplit;
  readonly splitPath: string;
}

async function prepare(work: string, name: string): Promise<Prepared> {
  const csvPath = join(work, `${name}.csv`);
  await python(["export", name, csvPath]);
  const table = buildTrainingTable(csvPath, await readCsvRecords(csvPath));
  const split = stratifiedHoldoutSplit(table, HOLDOUT_FRACTION, SEED);
  const splitPath = join(work, `${name}.split.json`);
  const features: number[][] = [];
  for (let row = 0; row < table.rowCount; row++) {
    features.push(Array.from(table.features.subarray(row * table.width, (row + 1) * table.width)));
  }
  await Deno.writeTextFile(
    splitPath,
    JSON.stringify({ features, targets: Array.from(table.targets), ...split }),
  );
  return { csvPath, table, split, splitPath };
}

interface Run {
  readonly accuracy: number;
  readonly fitS: number;
  readonly totalS: number;
  readonly rounds?: number;
}

async function train(work: string, prepared: Prepared, model: ModelKind): Promise<Run> {
  let rounds: number | undefined;
  const report = await trainToBundle({
    csvPath: prepared.csvPath,
    outDir: join(work, `${model}-${prepared.table.rowCount}-${crypto.randomUUID()}`),
    model,
    seed: SEED,
    onStep: (step) => (rounds = step.step),
  });
  if (report.task !== "classification") {
    throw new Error(`${prepared.csvPath}: not a classification`);
  }
  return {
    accuracy: report.metrics.accuracy,
    fitS: report.timings.fitMs / 1000,
    totalS: report.timings.totalMs / 1000,
    rounds: model === "trees" ? rounds : undefined,
  };
}

async function reference(prepared: Prepared, model: "logreg" | "hgb") {
  return JSON.parse(await python(["score", prepared.splitPath, model])) as {
    accuracy: number;
    fit_seconds: number;
  };
}

const signed = (points: number) => `${points >= 0 ? "+" : ""}${points.toFixed(2)} pt`;

async function largeTable(work: string): Promise<string[]> {
  const prepared = await prepare(work, LARGE);
  const trees = await train(work, prepared, "trees");
  const hgb = await reference(prepared, "hgb");
  const { table } = prepared;
  return [
    "| data set | rows | features | classes | trees acc | sklearn HGB acc | trees - HGB | trees rounds | trees fit s | trees whole run s | HGB fit s (1 thread) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${LARGE} | ${table.rowCount} | ${table.width} | ${table.classLabels.length} | ` +
    `${trees.accuracy.toFixed(4)} | ${hgb.accuracy.toFixed(4)} | ` +
    `${signed((trees.accuracy - hgb.accuracy) * 100)} | ${trees.rounds} | ` +
    `${trees.fitS.toFixed(2)} | ${trees.totalS.toFixed(2)} | ${hgb.fit_seconds.toFixed(2)} |`,
  ];
}

if (import.meta.main) {
  if (!(await sklearnAvailable())) {
    console.error(
      "skipped: needs /usr/bin/python3 with scikit-learn (apt-get install python3-sklearn)",
    );
    Deno.exit(0);
  }
  const work = await Deno.makeTempDir({ prefix: "train_vs_sklearn_" });
  try {
    if (Deno.args[0] === "large") console.log((await largeTable(work)).join("\n"));
    else await fullComparison(work);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

/** Every data set, then the large one; writes the results file. */
async function fullComparison(work: string): Promise<void> {
  const lines = [
    "| data set | rows | features | classes | logreg acc | mlp acc | trees acc | sklearn logreg acc | sklearn HGB acc | logreg - sklearn | trees - HGB | logreg fit s | mlp fit s | trees fit s | HGB fit s | logreg whole run s |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const name of DATASETS) {
    const prepared = await prepare(work, name);
    const linear = await reference(prepared, "logreg");
    const hgb = await reference(prepared, "hgb");
    const runs: Partial<Record<ModelKind, Run>> = {};
    for (const model of ["linear", "mlp", "trees"] as const) {
      runs[model] = await train(work, prepared, model);
    }
    const { linear: logreg, mlp, trees } = runs as Record<ModelKind, Run>;
    const { table } = prepared;
    lines.push(
      `| ${name} | ${table.rowCount} | ${table.width} | ${table.classLabels.length} | ` +
        `${logreg.accuracy.toFixed(4)} | ${mlp.accuracy.toFixed(4)} | ` +
        `${trees.accuracy.toFixed(4)} | ${linear.accuracy.toFixed(4)} | ` +
        `${hgb.accuracy.toFixed(4)} | ${signed((logreg.accuracy - linear.accuracy) * 100)} | ` +
        `${signed((trees.accuracy - hgb.accuracy) * 100)} | ${logreg.fitS.toFixed(2)} | ` +
        `${mlp.fitS.toFixed(2)} | ${trees.fitS.toFixed(2)} | ${hgb.fit_seconds.toFixed(2)} | ` +
        `${logreg.totalS.toFixed(2)} |`,
    );
    console.error(`${name}: done`);
  }
  const large = await largeTable(work);
  console.error(`${LARGE}: done`);
  const text = [
    `# Trainer vs scikit-learn (holdout ${HOLDOUT_FRACTION * 100}%, stratified, seed ${SEED})`,
    "",
    `Measured ${new Date().toISOString()} on ${navigator.hardwareConcurrency} cores. ` +
    "scikit-learn (one thread): StandardScaler + LogisticRegression (defaults, max_iter " +
    "10000) and HistGradientBoostingClassifier (defaults, random_state 0) on the exact rows " +
    "the trainer used. Fit times exclude reading, export and the onnxruntime check.",
    "",
    ...lines,
    "",
    "Gradient-boosted trees on a larger set (make_classification: 100,000 rows, 20 " +
    "features of which 10 informative, 5 classes, random_state 1):",
    "",
    ...large,
    "",
  ].join("\n");
  await Deno.writeTextFile(RESULTS, text);
  console.log(text);
}
