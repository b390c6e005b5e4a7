/**
 * `--model auto`'s choice: the plan is fixed by the table's width alone; on
 * nonlinear data (two moons, Friedman #1) the selection scores every family
 * on the same validation rows and passes over the linear model; each
 * candidate's steps are named; a capped plan screens on a seeded subsample;
 * the same inputs choose the same way twice; and the choice reads the same
 * in model.yaml's sentence and report.md's table.
 */
import assert from "node:assert/strict";
import { parseCsvText } from "../../../runtime/train/csv_records.ts";
import {
  autoPlan,
  MIN_SCREEN_ROWS,
  selectClassifier,
  selectRegressor,
} from "../../../runtime/train/model_selection.ts";
import { selectionMarkdown, selectionText } from "../../../runtime/train/selection_text.ts";
import { HYPER_PARAMETERS } from "../../../runtime/train/train.ts";
import { buildTrainingTable } from "../../../runtime/train/training_table.ts";
import type { TrainingStep } from "../../../runtime/train/training_curve.ts";
import { friedmanCsv, pointsCsv, twoMoons } from "../../support/nonlinear_data.ts";

const tableOf = (name: string, csv: string) => buildTrainingTable(name, parseCsvText(name, csv));
const allRows = (count: number) => Array.from({ length: count }, (_, row) => row);

Deno.test("autoPlan: every family, a 20% validation share, screening capped in cells", () => {
  assert.deepEqual(autoPlan(4), {
    candidates: ["linear", "mlp", "trees"],
    validationFraction: 0.2,
    maxScreenRows: 500_000,
  });
  assert.equal(autoPlan(50).maxScreenRows, 40_000);
  assert.equal(autoPlan(2048).maxScreenRows, MIN_SCREEN_ROWS, "wide text keeps a floor");
});

Deno.test("selectClassifier: two moons pass over linear; steps are named; same inputs, same choice", () => {
  const table = tableOf("moons.csv", pointsCsv(twoMoons(600, 0.15), ["top", "bottom"]));
  const lines: string[] = [];
  const candidates = new Set<string>();
  const hooks = {
    say: (line: string) => lines.push(line),
    onStep: (step: TrainingStep) => candidates.add(step.candidate ?? "unnamed"),
  };
  const train = allRows(table.rowCount);
  const selection = selectClassifier(table, train, HYPER_PARAMETERS, 42, autoPlan(2), hooks);
  assert.equal(selection.metric, "accuracy");
  assert.equal(selection.fitRows + selection.validationRows, 600);
  assert.equal(selection.validationRows, 120, "a stratified 20%");
  assert.deepEqual(selection.candidates.map((c) => c.kind), ["linear", "mlp", "trees"]);
  assert.notEqual(selection.chosen, "linear");
  const score = (kind: string) => selection.candidates.find((c) => c.kind === kind)!.score;
  assert.ok(score(selection.chosen) >= score("linear") + 0.05, JSON.stringify(selection));
  assert.deepEqual([...candidates], ["linear (1/3)", "mlp (2/3)", "trees (3/3)"]);
  assert.equal(
    lines.at(-1),
    `auto: chose ${selection.chosen} (validation accuracy ` +
      `${score(selection.chosen).toFixed(4)})`,
  );
  assert.ok(lines.includes("auto: fitting candidate mlp (2/3) on 480 rows, scoring on 120"));

  const again = selectClassifier(table, train, HYPER_PARAMETERS, 42, autoPlan(2), {
    say: () => {},
  });
  assert.deepEqual(again, selection, "deterministic");

  const text = selectionText(selection, 600);
  assert.match(
    text,
    /^Model selection \(--model auto\): linear, mlp, trees were each fitted on 480 of the training rows and scored on 120 others \(validation accuracy: linear 0\.\d{4}, mlp [01]\.\d{4}, trees [01]\.\d{4}\); (mlp|trees) scored best and was refitted on all 600 training rows\.$/,
  );
  const markdown = selectionMarkdown(selection);
  assert.equal(markdown.filter((line) => line.endsWith("| ✓ |")).length, 1);
  assert.ok(markdown.some((line) => line.startsWith(`| ${selection.chosen} | `)));
});

Deno.test("selectClassifier: a capped plan screens on a seeded subsample of the fitting rows", () => {
  const table = tableOf("moons.csv", pointsCsv(twoMoons(400, 0.2), ["top", "bottom"]));
  const plan = { ...autoPlan(2), maxScreenRows: 100 };
  const selection = selectClassifier(table, allRows(400), HYPER_PARAMETERS, 3, plan, {
    say: () => {},
  });
  assert.equal(selection.fitRows, 100);
  assert.equal(selection.validationRows, 80);
});

Deno.test("selectRegressor: Friedman #1 passes over ridge on R²", () => {
  const table = tableOf("friedman.csv", friedmanCsv(800));
  assert.equal(table.task, "regression");
  const selection = selectRegressor(table, allRows(800), 42, autoPlan(5), { say: () => {} });
  assert.equal(selection.metric, "R²");
  assert.equal(selection.lossName, "RMSE");
  assert.equal(selection.validationRows, 160);
  assert.notEqual(selection.chosen, "linear");
  const [linear, ...others] = selection.candidates;
  assert.ok(others.some((c) => c.score > linear.score + 0.1), JSON.stringify(selection));
});
