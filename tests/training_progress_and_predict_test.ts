/**
 * Progress and offline scoring: the non-terminal progress display writes a
 * plain line at most every few seconds (and at once for a new `--model
 * auto` candidate, which it names) and nothing when quiet; the CLI's
 * `--quiet` training prints only the bundle path; `--predict` streams a
 * multi-batch CSV (quoted fields, the label column passed through) to a
 * file with the predicted label and a score per class appended.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { trainingProgress } from "../runtime/cli/training_progress.ts";
import { SCORING_BATCH_ROWS } from "../runtime/train/offline_scoring.ts";
import { runCli } from "./support/cli.ts";
import { mixedCsv } from "./support/training_data.ts";

const step = (n: number) => ({
  unit: "epoch" as const,
  step: n,
  maxSteps: 10,
  loss: 1 / n,
  validationAccuracy: 0.5,
});

Deno.test("progress: plain lines when not a terminal, each auto candidate named, none when quiet", () => {
  const lines: string[] = [];
  const plain = trainingProgress(false, (line) => lines.push(line), false);
  for (let n = 1; n <= 5; n++) plain.step(step(n));
  plain.stop();
  assert.deepEqual(lines, ["epoch 1/10: loss 1.0000, validation accuracy 0.5000"]);
  const auto = trainingProgress(false, (line) => lines.push(line), false);
  auto.step({ ...step(1), candidate: "linear (1/3)" });
  auto.step({ ...step(2), candidate: "linear (1/3)" });
  auto.step({ ...step(1), candidate: "mlp (2/3)" });
  auto.stop();
  assert.deepEqual(lines.slice(1), [
    "linear (1/3): epoch 1/10: loss 1.0000, validation accuracy 0.5000",
    "mlp (2/3): epoch 1/10: loss 1.0000, validation accuracy 0.5000",
  ], "each --model auto candidate is named, and shown as soon as it starts");
  lines.length = 1;
  const quiet = trainingProgress(true, (line) => lines.push(line), false);
  quiet.step(step(1));
  quiet.stop();
  assert.equal(lines.length, 1);
});

Deno.test("predict: streams a multi-batch CSV to --out with label and scores appended", async () => {
  const dir = await Deno.makeTempDir({ prefix: "predict_" });
  try {
    const csvPath = join(dir, "tiers.csv");
    const training = mixedCsv(20);
    await Deno.writeTextFile(csvPath, training);
    const train = await runCli([
      "--train",
      csvPath,
      "--out",
      join(dir, "model"),
      "--model",
      "linear",
      "--quiet",
    ]);
    assert.equal(train.code, 0, train.stderr);
    assert.equal(train.stdout.trim(), join(dir, "model", "0.1.0"));
    assert.equal(train.stderr, "", "--quiet prints no progress");

    const dataLines = training.trim().split("\n").slice(1);
    const rows = Array.from({ length: SCORING_BATCH_ROWS * 2 + 7 }, (_, i) => dataLines[i % 60]);
    const scorePath = join(dir, "score.csv");
    await Deno.writeTextFile(scorePath, `age,colour,note,tier\n${rows.join("\n")}\n`);
    const out = join(dir, "scored.csv");
    const scored = await runCli([
      "--predict",
      scorePath,
      "--bundle",
      join(dir, "model"),
      "--out",
      out,
    ]);
    assert.equal(scored.code, 0, scored.stderr);
    assert.equal(scored.stdout, "");
    const records: string[][] = parse(await Deno.readTextFile(out));
    assert.deepEqual(records[0], [
      "age",
      "colour",
      "note",
      "tier",
      "prediction",
      "score_bronze",
      "score_gold",
      "score_silver",
    ]);
    assert.equal(records.length, rows.length + 1);
    const correct = records.slice(1).filter((record) => record[4] === record[3]).length;
    assert.ok(correct / rows.length >= 0.9, `agreement ${correct / rows.length}`);
    for (const record of records.slice(1)) {
      const sum = record.slice(5).reduce((total, value) => total + Number(value), 0);
      assert.ok(Math.abs(sum - 1) < 1e-4, record.join(","));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
