/**
 * Gradient-boosted trees through the real CLI: `--train DATA.csv --model
 * trees` writes a complete bundle (numeric columns with gaps, a categorical
 * column, or free text as tf-idf inside the graph) whose test cases pass
 * `--check`, whose model.yaml and report describe the trees, and which is
 * reproduced byte for byte by the same seed in another folder; and a
 * nonlinear regression (Friedman #1), whose `TreeEnsembleRegressor` the
 * `tabular-regressor` module serves and which beats ridge on it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { runCli } from "./support/cli.ts";
import { friedmanCsv, pointsCsv, twoMoons } from "./support/nonlinear_data.ts";
import { textCsv } from "./support/training_data.ts";

/** Two moons plus a categorical column (loosely tied to the class) and gaps in x1. */
function moonsWithColumnsCsv(): string {
  const lines = pointsCsv(twoMoons(500, 0.15, 8), ["top", "bottom"]).trim().split("\n");
  const shades = ["dark", "light", "grey"];
  return lines.map((line, index) => {
    const cells = line.split(",");
    if (index === 0) return ["x0", "x1", "shade", "label"].join(",");
    if (index % 9 === 4) cells[1] = "";
    const shade = shades[(index + (cells[2] === "top" ? 0 : 1)) % 3];
    return [cells[0], cells[1], shade, cells[2]].join(",");
  }).join("\n") + "\n";
}

/** Trains through the CLI into `<dir>/<name>-bundle`, runs --check on it, returns its path. */
async function trainAndCheck(
  dir: string,
  name: string,
  csv: string,
  model = "trees",
): Promise<string> {
  const csvPath = join(dir, `${name}.csv`);
  await Deno.writeTextFile(csvPath, csv);
  const out = join(dir, `${name}-${model}-bundle`);
  const train = await runCli(["--train", csvPath, "--out", out, "--model", model, "--seed", "7"]);
  assert.equal(train.code, 0, train.stderr);
  if (model !== "trees") return join(out, "0.1.0");
  assert.match(train.stderr, /fitted in \d+ rounds \(early stopping kept round \d+: \d+ trees/);
  const bundle = join(out, "0.1.0");
  assert.equal(train.stdout.trim(), bundle);
  const check = await runCli(["--check", "--bundle", bundle]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /\d+ passed, 0 failed/);
  return bundle;
}

Deno.test("trees: moons with gaps and a categorical column train, --check passes, same seed same bytes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "train_trees_" });
  try {
    const csv = moonsWithColumnsCsv();
    const bundle = await trainAndCheck(dir, "moons", csv);
    // deno-lint-ignore no-explicit-any
    const spec = parse(await Deno.readTextFile(join(bundle, "model.yaml"))) as any;
    const accuracy = spec.metrics.find((metric: { label: string }) => metric.label === "Accuracy");
    assert.ok(accuracy.value >= 0.93, `accuracy ${accuracy.value}`);
    assert.ok(spec.tags.includes("gradient-boosted-trees"));
    assert.deepEqual(
      spec.module.config.columns.map((column: { kind: string }) => column.kind),
      ["numeric", "numeric", "categorical"],
    );
    assert.match(
      spec.description.technical,
      /gradient-boosted decision trees.*TreeEnsembleClassifier, Softmax.*rounds run/,
    );
    const report = await Deno.readTextFile(join(bundle, "report.md"));
    assert.match(report, /^Gradient-boosted trees on moons\.csv/m);
    assert.match(report, /Learning curve: \d+ rounds/);

    const again = join(dir, "again");
    await Deno.mkdir(again);
    const second = await trainAndCheck(again, "moons", csv);
    for (const file of ["model.onnx", "model.yaml", "report.svg", "report.md"]) {
      assert.deepEqual(
        await Deno.readFile(join(second, file)),
        await Deno.readFile(join(bundle, file)),
        file,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trees: a text,label CSV (tf-idf inside the graph) trains and passes --check", async () => {
  const dir = await Deno.makeTempDir({ prefix: "train_trees_text_" });
  try {
    const bundle = await trainAndCheck(dir, "topics", textCsv(40));
    // deno-lint-ignore no-explicit-any
    const spec = parse(await Deno.readTextFile(join(bundle, "model.yaml"))) as any;
    assert.equal(spec.module.config.columns[0].kind, "tfidf");
    const accuracy = spec.metrics.find((metric: { label: string }) => metric.label === "Accuracy");
    // 128 training rows of sparse word weights: far above chance (0.25), below the linear model
    // (which `--model auto` picks for text; it does not try trees there).
    assert.ok(accuracy.value >= 0.6, `accuracy ${accuracy.value}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trees: a Friedman #1 regression trains, is served by tabular-regressor, beats ridge", async () => {
  const dir = await Deno.makeTempDir({ prefix: "train_trees_regression_" });
  try {
    const csv = friedmanCsv(1500);
    const bundle = await trainAndCheck(dir, "friedman", csv);
    // deno-lint-ignore no-explicit-any
    const spec = parse(await Deno.readTextFile(join(bundle, "model.yaml"))) as any;
    assert.equal(spec.module.id, "tabular-regressor");
    assert.equal(spec.features.resultsFormat, "prediction");
    assert.ok(spec.tags.includes("gradient-boosted-trees"));
    assert.match(
      spec.description.technical,
      /gradient-boosted regression trees.*TreeEnsembleRegressor/,
    );
    type Metrics = { metrics: { label: string; value: number }[] };
    const r2 = (document: Metrics) =>
      document.metrics.find((metric) => metric.label === "R²")!.value;
    const ridgeBundle = await trainAndCheck(dir, "friedman", csv, "linear");
    const ridge = parse(await Deno.readTextFile(join(ridgeBundle, "model.yaml"))) as Metrics;
    assert.ok(r2(spec) >= 0.85, `trees R² ${r2(spec)}`);
    assert.ok(r2(spec) > r2(ridge) + 0.05, `trees R² ${r2(spec)}, ridge ${r2(ridge)}`);
    const report = await Deno.readTextFile(join(bundle, "report.md"));
    assert.match(report, /^Gradient-boosted regression trees on friedman\.csv/m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
