/**
 * Quality and speed of the trainer against scikit-learn on public tabular
 * data sets shipped by Debian's python3-sklearn (iris, wine, breast_cancer,
 * digits, and make_classification's 2,000-row 5-class set): for each, the trainer fits logistic regression and the MLP; the
 * exact train/holdout split it used is exported and scikit-learn's
 * `LogisticRegression` after `StandardScaler` is fitted on the same rows.
 * Prints a Markdown table and writes it to bench/results/train_vs_sklearn.md.
 * Run: `deno run -A bench/train_vs_sklearn.ts` (part of `deno task bench`).
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { trainToBundle } from "../runtime/train/train.ts";
import { readCsvRecords } from "../runtime/train/csv_records.ts";
import { buildTrainingTable } from "../runtime/train/training_table.ts";
import { stratifiedHoldoutSplit } from "../runtime/train/holdout_split.ts";
import { HOLDOUT_FRACTION } from "../runtime/train/train_types.ts";

const PYTHON = "/usr/bin/python3";
const HELPER = fromFileUrl(new URL("./sklearn_reference.py", import.meta.url));
const RESULTS = fromFileUrl(new URL("./results/train_vs_sklearn.md", import.meta.url));
const DATASETS = ["iris", "wine", "breast_cancer", "digits", "synthetic_2000"];
const SEED = 42;

async function python(args: string[]): Promise<string> {
  const output = await new Deno.Command(PYTHON, { args: [HELPER, ...args] }).output();
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

if (import.meta.main) {
  if (!(await sklearnAvailable())) {
    console.error(
      "skipped: needs /usr/bin/python3 with scikit-learn (apt-get install python3-sklearn)",
    );
    Deno.exit(0);
  }
  const work = await Deno.makeTempDir({ prefix: "train_vs_sklearn_" });
  const lines = [
    "| data set | rows | features | classes | logreg acc | mlp acc | scikit-learn acc | logreg - sklearn | logreg fit s | mlp fit s | logreg whole run s |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  try {
    for (const name of DATASETS) {
      const csvPath = join(work, `${name}.csv`);
      await python(["export", name, csvPath]);
      const table = buildTrainingTable(csvPath, await readCsvRecords(csvPath));
      const split = stratifiedHoldoutSplit(table, HOLDOUT_FRACTION, SEED);
      const splitPath = join(work, `${name}.split.json`);
      const features: number[][] = [];
      for (let row = 0; row < table.rowCount; row++) {
        features.push(
          Array.from(table.features.subarray(row * table.width, (row + 1) * table.width)),
        );
      }
      await Deno.writeTextFile(
        splitPath,
        JSON.stringify({ features, targets: Array.from(table.targets), ...split }),
      );
      const reference = JSON.parse(await python(["score", splitPath]));
      const runs: Record<string, { accuracy: number; fitS: number; totalS: number }> = {};
      for (const model of ["logreg", "mlp"] as const) {
        const report = await trainToBundle({
          csvPath,
          outDir: join(work, `${name}-${model}`),
          model,
          seed: SEED,
        });
        if (report.task !== "classification") throw new Error(`${name}: not a classification`);
        runs[model] = {
          accuracy: report.metrics.accuracy,
          fitS: report.timings.fitMs / 1000,
          totalS: report.timings.totalMs / 1000,
        };
      }
      const gap = (runs.logreg.accuracy - reference.accuracy) * 100;
      lines.push(
        `| ${name} | ${table.rowCount} | ${table.width} | ${table.classLabels.length} | ` +
          `${runs.logreg.accuracy.toFixed(4)} | ${runs.mlp.accuracy.toFixed(4)} | ` +
          `${reference.accuracy.toFixed(4)} | ${gap >= 0 ? "+" : ""}${gap.toFixed(2)} pt | ` +
          `${runs.logreg.fitS.toFixed(2)} | ${runs.mlp.fitS.toFixed(2)} | ` +
          `${runs.logreg.totalS.toFixed(2)} |`,
      );
      console.error(`${name}: done`);
    }
  } finally {
    await Deno.remove(work, { recursive: true });
  }
  const text = [
    `# Trainer vs scikit-learn (holdout ${HOLDOUT_FRACTION * 100}%, stratified, seed ${SEED})`,
    "",
    `Measured ${new Date().toISOString()} on ${navigator.hardwareConcurrency} cores. ` +
    "scikit-learn: StandardScaler + LogisticRegression (defaults, max_iter 10000) on the " +
    "exact rows the trainer used. Fit times exclude reading, export and the onnxruntime check.",
    "",
    ...lines,
    "",
  ].join("\n");
  await Deno.writeTextFile(RESULTS, text);
  console.log(text);
}
