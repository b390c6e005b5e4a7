/**
 * The label column decides the task: text and a few whole numbers (iris,
 * digits) are classification; many distinct whole numbers (diabetes) or any
 * fraction are regression, with the rule in words; the task option
 * overrides the guess; bad labels name the column and the first lines.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPath } from "../../../runtime/base/assets.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { parseCsvText, readCsvRecords } from "../../../runtime/train/csv_records.ts";
import { readLabelColumn, type Task } from "../../../runtime/train/label_column.ts";
import { buildTrainingTable } from "../../../runtime/train/training_table.ts";

const FIXTURES = join(import.meta.dirname!, "..", "..", "fixtures", "tabular");

/** The label column (the last) of CSV text whose only feature is a row counter. */
function labelOf(labels: readonly string[], task?: Task) {
  const text = `n,y\n${labels.map((label, index) => `${index},${label}`).join("\n")}\n`;
  const records = parseCsvText("t.csv", text).slice(1);
  return readLabelColumn("t.csv", records, 1, "y", task);
}

function badRequestWith(message: string) {
  return (error: unknown) =>
    error instanceof RuntimeError && error.kind === "bad_request" && error.message === message;
}

Deno.test("label: iris (text) and digits-like whole numbers stay classification", async () => {
  const iris = await readCsvRecords(projectPath("data", "iris.csv"));
  const table = buildTrainingTable("iris.csv", iris);
  assert.equal(table.task, "classification");
  assert.equal(table.taskRule, "label 'species' holds text");
  assert.deepEqual(table.classLabels, ["setosa", "versicolor", "virginica"]);
  assert.equal(table.values.length, 0);

  const digits = labelOf(Array.from({ length: 1797 }, (_, i) => String(i % 10)));
  assert.equal(digits.task, "classification");
  assert.equal(
    digits.rule,
    "label 'y' holds 10 distinct whole numbers, not more than max(20, 5% of 1797 rows = 89.85)",
  );
  assert.equal(digits.classLabels.length, 10);
});

Deno.test("label: diabetes (214 distinct whole numbers in 442 rows) is regression", async () => {
  const records = await readCsvRecords(join(FIXTURES, "diabetes.csv"));
  const table = buildTrainingTable("diabetes.csv", records);
  assert.equal(table.task, "regression");
  assert.equal(
    table.taskRule,
    "label 'target' holds 214 distinct whole numbers, more than max(20, 5% of 442 rows = 22.1)",
  );
  assert.deepEqual(table.classLabels, []);
  assert.equal(table.values.length, 442);
  assert.deepEqual([...table.values.slice(0, 3)], [151, 75, 141]);
});

Deno.test("label: the threshold is max(20, 5% of the rows), exclusive; a fraction is regression", () => {
  const cycle = (distinct: number, rows: number) =>
    Array.from({ length: rows }, (_, i) => String(i % distinct));
  assert.equal(labelOf(cycle(20, 100)).task, "classification");
  assert.equal(labelOf(cycle(21, 100)).task, "regression");
  assert.equal(labelOf(cycle(25, 500)).task, "classification", "25 <= 5% of 500");
  assert.equal(labelOf(cycle(26, 500)).task, "regression");
  const fraction = labelOf(["1", "2", "2.5", "1"]);
  assert.equal(fraction.task, "regression");
  assert.equal(fraction.rule, "label 'y' holds numbers that are not whole (2.5 on line 4)");
});

Deno.test("label: the task option overrides the guess either way", () => {
  const few = labelOf(["1", "2", "3", "1", "2", "3"], "regression");
  assert.equal(few.task, "regression");
  assert.equal(few.rule, "set by the task option");
  assert.deepEqual([...few.values], [1, 2, 3, 1, 2, 3]);
  const halves = labelOf(["0.5", "1.5", "0.5"], "classification");
  assert.equal(halves.task, "classification");
  assert.deepEqual(halves.classLabels, ["0.5", "1.5"]);
  // Forced classification takes any text as a class name, NaN included.
  assert.deepEqual(labelOf(["NaN", "1", "NaN"], "classification").classLabels, ["1", "NaN"]);
});

Deno.test("label: bad labels name the column and the first five lines", () => {
  assert.throws(
    () => labelOf(["", "", "4", "", "", "", "", "9"]),
    badRequestWith("t.csv: column 'y': the label is empty on lines 2, 3, 5, 6, 7 and 1 more"),
  );
  assert.throws(
    () => labelOf(["1.5", "-nan", "2", "Infinity"]),
    badRequestWith(
      `t.csv: column 'y': the label must be a finite number within the float32 range; not on ` +
        `lines 3 ("-nan") and 5 ("Infinity")`,
    ),
  );
  assert.throws(
    () => labelOf(["1", "x"], "regression"),
    badRequestWith(
      `t.csv: column 'y': a regression label must be a number; not a number on line 3 ("x")`,
    ),
  );
  assert.throws(
    () => labelOf(["2.5", "2.5"]),
    badRequestWith(
      "t.csv: column 'y': the label is constant (2.5 on every line); a regression needs a " +
        "target that varies",
    ),
  );
  assert.throws(
    () => labelOf(["7", "7"]),
    badRequestWith("t.csv: label column 'y' has a single class '7'; at least 2 classes are needed"),
  );
});
