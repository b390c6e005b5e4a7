/**
 * Training a regressor end to end in-process on scikit-learn's diabetes
 * data: the guess and its rule are logged, ridge (`linear`, also as
 * `logreg`) and the MLP reach a useful holdout R², the ONNX graph answers
 * `prediction` FP32 [batch, 1], model.yaml names the `tabular-regressor`
 * module with RMSE/MAE/R², the report draws predicted against actual, test
 * cases come from holdout rows, and retraining is byte-identical.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { OnnxSession } from "../../../runtime/backends/onnx/session.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { loadBundle } from "../../../runtime/bundle/load.ts";
import { trainToBundle } from "../../../runtime/train/train.ts";

const DIABETES = join(import.meta.dirname!, "..", "..", "fixtures", "tabular", "diabetes.csv");

async function filesUnder(dir: string, root = dir): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) { for (const [k, v] of await filesUnder(path, root)) files.set(k, v); }
    else files.set(relative(root, path), await Deno.readFile(path));
  }
  return files;
}

Deno.test("regression: ridge on diabetes, its bundle, report and reproducibility", async () => {
  const dir = await Deno.makeTempDir({ prefix: "train_regressor_" });
  try {
    const lines: string[] = [];
    const report = await trainToBundle({
      csvPath: DIABETES,
      outDir: join(dir, "a"),
      model: "logreg",
      progress: (line) => lines.push(line),
    });
    assert.equal(report.task, "regression");
    assert.ok(report.task === "regression");
    assert.equal(report.model, "linear", "logreg is linear's alias");
    assert.ok(lines.includes(
      "task: regression (label 'target' holds 214 distinct whole numbers, more than " +
        "max(20, 5% of 442 rows = 22.1))",
    ));
    assert.deepEqual(report.rows, { total: 442, train: 354, holdout: 88 });
    assert.ok(report.metrics.r2 > 0.3, `R² ${report.metrics.r2}`);
    assert.ok(report.metrics.rmse < 65 && report.metrics.mae < report.metrics.rmse);
    assert.ok(report.optimizer.converged);
    assert.ok(report.target.mean > 140 && report.target.mean < 165);
    assert.equal(report.paths.testCases.length, 3);
    assert.ok(report.paths.testCases.every((path) => /line-\d+$/.test(path)));

    const session = await OnnxSession.open(report.paths.model);
    try {
      assert.deepEqual(
        session.outputs.map((o) => [o.name, o.type, o.shape.length, o.shape[1]]),
        [["prediction", "float32", 2, 1]],
      );
      assert.deepEqual(session.inputs.map((i) => [i.name, i.shape[1]]), [["features", 10]]);
    } finally {
      await session.close();
    }

    const bundle = await loadBundle(report.paths.bundleDir);
    const spec = bundle.spec;
    assert.equal(spec.module?.id, "tabular-regressor");
    assert.deepEqual(Object.keys(spec.module!.config), ["artifact", "features", "input", "output"]);
    assert.equal(spec.features.resultsFormat, "prediction");
    assert.deepEqual(spec.metrics.map((m) => m.label), ["RMSE", "MAE", "R²"]);
    assert.equal(spec.metrics[2].value, Math.round(report.metrics.r2 * 10000) / 10000);
    assert.match(spec.description.technical, /prediction = raw \* [\d.]+ \+ [\d.]+/);
    const markdown = await Deno.readTextFile(join(report.paths.bundleDir, "report.md"));
    assert.ok(markdown.includes(`Holdout RMSE **${report.metrics.rmse.toFixed(4)}**`));
    const svg = await Deno.readTextFile(join(report.paths.bundleDir, "report.svg"));
    assert.equal(svg.match(/<circle /g)?.length, 88, "one point per holdout row");
    assert.ok(svg.includes("Validation R² per iteration"));

    const again = await trainToBundle({
      csvPath: DIABETES,
      outDir: join(dir, "b"),
      model: "linear",
    });
    assert.deepEqual(
      await filesUnder(again.paths.bundleDir),
      await filesUnder(report.paths.bundleDir),
      "retraining writes the same bytes",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("regression: the MLP regressor on diabetes; a bad task option is refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "train_mlp_regressor_" });
  try {
    const report = await trainToBundle({ csvPath: DIABETES, outDir: dir, model: "mlp" });
    assert.ok(report.task === "regression");
    assert.ok(report.metrics.r2 > 0.25, `R² ${report.metrics.r2}`);
    assert.equal(report.curve.metric, "R²");
    const spec = (await loadBundle(report.paths.bundleDir)).spec;
    assert.ok(spec.tags.includes("neural-network"));
    await assert.rejects(
      trainToBundle({
        csvPath: DIABETES,
        outDir: join(dir, "x"),
        task: "forecast" as "regression",
      }),
      (error: unknown) =>
        error instanceof RuntimeError &&
        error.message === "task 'forecast' is not one of classification, regression",
    );
    assert.equal(await Deno.stat(join(dir, "x")).then(() => true, () => false), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
