/**
 * Acceptance through the real CLI: tabular, text (Caikit `text,label`),
 * mixed, missing values and binary CSVs train into bundles whose test cases
 * pass (`--check`), whose model.yaml carries the pipeline and the metrics,
 * and whose report is written; `--seed` makes training reproducible; the
 * MLP trains too; the text model serves raw `{"text": ...}` over gRPC.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { runCli } from "./support/cli.ts";
import { startServerProcess } from "./support/server_process.ts";
import { gapsCsv, mixedCsv, numericCsv, textCsv } from "./support/training_data.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";

// deno-lint-ignore no-explicit-any
type Yaml = Record<string, any>;

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "train_kinds_" });
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Trains `csv` through the CLI, checks the bundle with --check, returns model.yaml. */
async function trainAndCheck(
  dir: string,
  name: string,
  csv: string,
  extra: string[] = [],
): Promise<{ bundle: string; spec: Yaml; stderr: string }> {
  const csvPath = join(dir, `${name}.csv`);
  await Deno.writeTextFile(csvPath, csv);
  const out = join(dir, `${name}-bundle`);
  const family = extra.includes("--model") ? [] : ["--model", "linear"];
  const train = await runCli(["--train", csvPath, "--out", out, ...family, ...extra]);
  assert.equal(train.code, 0, train.stderr);
  const bundle = join(out, "0.1.0");
  assert.equal(train.stdout.trim(), bundle);
  const check = await runCli(["--check", "--bundle", bundle]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  for (
    const file of ["model.onnx", "model.yaml", "docker_metadata.yaml", "report.md", "report.svg"]
  ) {
    assert.ok((await Deno.stat(join(bundle, file))).isFile, file);
  }
  const svg = await Deno.readTextFile(join(bundle, "report.svg"));
  assert.match(svg, /^<svg [^>]*>[\s\S]*polyline[\s\S]*confusion matrix[\s\S]*<\/svg>\n$/);
  const spec = parse(await Deno.readTextFile(join(bundle, "model.yaml")));
  const labels = spec.metrics.map((metric: { label: string }) => metric.label);
  assert.deepEqual(labels, ["Accuracy", "F1 Score", "Precision", "Recall"]);
  assert.match(spec.description.performance, /precision .* recall .*Confusion matrix/);
  return { bundle, spec, stderr: train.stderr };
}

const accuracyOf = (spec: Yaml) =>
  spec.metrics.find((metric: { label: string }) => metric.label === "Accuracy").value;

Deno.test("train: numeric multi-class CSV; --seed reproduces byte for byte", async () => {
  await withDir(async (dir) => {
    const csv = numericCsv(["alpha", "beta", "gamma"], 30);
    const first = await trainAndCheck(dir, "numeric", csv, ["--seed", "7"]);
    assert.ok(accuracyOf(first.spec) >= 0.9);
    assert.equal(first.spec.module.config.columns, undefined, "plain numeric keeps the old config");
    assert.match(first.spec.description.technical, /seed 7/);
    const again = await trainAndCheck(dir, "numeric", csv, ["--seed", "7", "--force"]);
    assert.equal(again.bundle, first.bundle);
    const other = join(dir, "again");
    await Deno.mkdir(other);
    const second = await trainAndCheck(other, "numeric", csv, ["--seed", "7"]);
    for (const file of ["model.onnx", "report.svg"]) {
      assert.deepEqual(
        await Deno.readFile(join(first.bundle, file)),
        await Deno.readFile(join(second.bundle, file)),
        file,
      );
    }
  });
});

Deno.test("train: binary CSV, logistic regression and MLP", async () => {
  await withDir(async (dir) => {
    const csv = numericCsv(["no", "yes"], 40, 4);
    const logreg = await trainAndCheck(dir, "binary", csv);
    assert.ok(accuracyOf(logreg.spec) >= 0.9);
    const mlp = await trainAndCheck(dir, "binary-mlp", csv, ["--model", "mlp", "--seed", "3"]);
    assert.ok(accuracyOf(mlp.spec) >= 0.85);
    assert.match(mlp.spec.description.technical, /multi-layer perceptron.*early stopping/);
    assert.ok(mlp.spec.tags.includes("neural-network"));
  });
});

Deno.test("train: mixed numeric, categorical and text columns", async () => {
  await withDir(async (dir) => {
    const { spec } = await trainAndCheck(dir, "mixed", mixedCsv(25));
    assert.ok(accuracyOf(spec) >= 0.9);
    const kinds = spec.module.config.columns.map((column: { kind: string }) => column.kind);
    assert.deepEqual(kinds, ["numeric", "categorical", "tfidf"]);
    assert.deepEqual(spec.module.config.columns[1].categories, ["blue", "green", "red"]);
    assert.match(
      spec.description.technical,
      /StringNormalizer, Tokenizer, TfIdfVectorizer and L2 scaling of the text, scaling, layers/,
    );
  });
});

Deno.test("train: empty numeric cells are imputed, counted and reported", async () => {
  await withDir(async (dir) => {
    const { spec, stderr, bundle } = await trainAndCheck(dir, "gaps", gapsCsv(20));
    assert.match(stderr, /imputed 15 empty cells of column 'x1' with the training mean/);
    const x1 = spec.module.config.columns[1];
    assert.equal(x1.kind, "numeric");
    assert.equal(typeof x1.impute, "number");
    assert.equal(spec.module.config.columns[0].impute, null);
    assert.match(spec.description.technical, /'x1' \(numeric; 15 empty cells imputed/);
    // At serving time null is imputed for x1 and is a per-item error for x0.
    const scores = join(dir, "score.csv");
    await Deno.writeTextFile(scores, "x0,x1,x2\n1,,2\n,1,2\n");
    const predicted = await runCli(["--predict", scores, "--bundle", bundle]);
    assert.equal(predicted.code, 1, "a row that cannot be scored fails the run");
    const lines = predicted.stdout.trim().split("\n");
    assert.equal(lines[0], "x0,x1,x2,prediction,score_a,score_b,score_c");
    assert.match(lines[1], /^1,,2,[abc],0\.\d{6},0\.\d{6},0\.\d{6}$/);
    assert.equal(lines[2], ",1,2,,,,");
    assert.match(predicted.stderr, /line 3: feature 'x0' must be a number, got null/);
  });
});

Deno.test("train: Caikit-style text,label CSV with four classes trains and serves raw text", async () => {
  await withDir(async (dir) => {
    const { bundle, spec } = await trainAndCheck(dir, "topics", textCsv(20));
    assert.ok(accuracyOf(spec) >= 0.9, `accuracy ${accuracyOf(spec)}`);
    assert.equal(spec.module.config.columns[0].kind, "tfidf");
    await using server = await startServerProcess({ bundle });
    const check = await runCli(["--check", "--bundle", bundle, "--target", server.target]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const client = new ModzyClient(server.target);
    try {
      const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
      const answer = await client.run([
        { "input.json": encode({ text: "heavy rain and a storm on the coast" }) },
        { "input.json": encode({ text: 42 }) },
      ]);
      const first = JSON.parse(new TextDecoder().decode(answer.outputs[0].output["results.json"]));
      assert.equal(first.data.result.classPredictions[0].class, "weather");
      assert.equal(answer.outputs[1].success, false);
      const error = new TextDecoder().decode(answer.outputs[1].output.error);
      assert.match(error, /input\.json: feature 'text' must be a string, got 42/);
    } finally {
      client.close();
    }
  });
});
