/**
 * `--model auto`'s choice: the plan is fixed by the data size alone (5-fold
 * cross-validation under 1,000 training rows, else one 20% split; screening
 * capped in cells); on nonlinear data (two moons, Friedman #1) the selection
 * scores every family on the same rows and passes over the linear model;
 * each candidate's steps (and fold) are named; a capped plan screens on a
 * seeded subsample; the same inputs choose the same way twice; where a
 * simpler family is within one standard error of the best it is chosen; and
 * the choice reads the same in model.yaml's sentence and report.md's table.
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

Deno.test("autoPlan: every family; 5 folds under 1,000 rows, else a 20% split; screening capped in cells", () => {
  assert.deepEqual(autoPlan(5000, 4), {
    candidates: ["linear", "mlp", "trees"],
    folds: 1,
    validationFraction: 0.2,
    maxScreenRows: 500_000,
  });
  assert.equal(autoPlan(999, 4).folds, 5);
  assert.equal(autoPlan(1000, 4).folds, 1);
  assert.equal(autoPlan(800_000, 50).maxScreenRows, 40_000);
  assert.equal(autoPlan(5000, 2048).maxScreenRows, MIN_SCREEN_ROWS, "wide text keeps a floor");
});

Deno.test("selectClassifier: two moons pass over linear; steps are named; same inputs, same choice", () => {
  const table = tableOf("moons.csv", pointsCsv(twoMoons(1500, 0.15), ["top", "bottom"]));
  const lines: string[] = [];
  const candidates = new Set<string>();
  const hooks = {
    say: (line: string) => lines.push(line),
    onStep: (step: TrainingStep) => candidates.add(step.candidate ?? "unnamed"),
  };
  const train = allRows(table.rowCount);
  const plan = autoPlan(train.length, 2);
  const selection = selectClassifier(table, train, HYPER_PARAMETERS, 42, plan, hooks);
  assert.equal(selection.metric, "accuracy");
  assert.equal(selection.folds, 1);
  assert.equal(selection.fitRows + selection.validationRows, 1500);
  assert.equal(selection.validationRows, 300, "a stratified 20%");
  assert.deepEqual(selection.candidates.map((c) => c.kind), ["linear", "mlp", "trees"]);
  assert.notEqual(selection.chosen, "linear");
  const score = (kind: string) => selection.candidates.find((c) => c.kind === kind)!.score;
  assert.ok(score(selection.chosen) >= score("linear") + 0.05, JSON.stringify(selection));
  assert.deepEqual([...candidates], ["linear (1/3)", "mlp (2/3)", "trees (3/3)"]);
  assert.ok(
    lines.at(-1)!.startsWith(
      `auto: chose ${selection.chosen} (validation accuracy ${score(selection.chosen).toFixed(4)}`,
    ),
    lines.at(-1)!,
  );
  assert.ok(lines.includes("auto: candidate mlp (2/3): fitted on 1200 rows, scored on 300"));

  const again = selectClassifier(table, train, HYPER_PARAMETERS, 42, plan, { say: () => {} });
  assert.deepEqual(again, selection, "deterministic");

  assert.match(
    selectionText(selection, 1500),
    /^Model selection \(--model auto\): linear, mlp, trees were each fitted on 1200 of the training rows and scored on 300 others \(validation accuracy: linear 0\.\d{4}, mlp [01]\.\d{4}, trees [01]\.\d{4}\); .*refitted on all 1500 training rows\.$/,
  );
  const markdown = selectionMarkdown(selection);
  assert.equal(markdown.filter((line) => line.endsWith("| ✓ |")).length, 1);
  assert.ok(markdown.some((line) => line.startsWith(`| ${selection.chosen} | `)));
});

Deno.test("selectClassifier: a capped plan screens on a seeded subsample of the fitting rows", () => {
  const table = tableOf("moons.csv", pointsCsv(twoMoons(400, 0.2), ["top", "bottom"]));
  const plan = { ...autoPlan(5000, 2), maxScreenRows: 100 };
  const selection = selectClassifier(table, allRows(400), HYPER_PARAMETERS, 3, plan, {
    say: () => {},
  });
  assert.equal(selection.fitRows, 100);
  assert.equal(selection.validationRows, 80);
});

Deno.test("selectClassifier: a simpler family within one standard error of the best is chosen", () => {
  // Two well-separated blobs: every family is (nearly) perfect, so linear, first, wins.
  const lines = ["x0,x1,label"];
  for (let i = 0; i < 300; i++) {
    const side = i % 2;
    lines.push(`${side * 6 + Math.sin(i)},${side * 6 + Math.cos(i * 1.7)},${side ? "b" : "a"}`);
  }
  const table = tableOf("blobs.csv", lines.join("\n") + "\n");
  const selection = selectClassifier(
    table,
    allRows(table.rowCount),
    HYPER_PARAMETERS,
    1,
    autoPlan(300, 2),
    { say: () => {} },
  );
  assert.equal(selection.folds, 5);
  assert.equal(selection.chosen, "linear");
  for (const candidate of selection.candidates) {
    assert.ok(candidate.score >= 0.99, `${candidate.kind} ${candidate.score}`);
  }
  assert.match(
    selectionMarkdown(selection).join("\n"),
    /\| linear \| 1\.0000 \| \d\.\d{4} \| ✓ \|/,
  );
});

Deno.test("selectRegressor: Friedman #1, cross-validated (5 folds), passes over ridge on R²", () => {
  const table = tableOf("friedman.csv", friedmanCsv(800));
  assert.equal(table.task, "regression");
  const candidates = new Set<string>();
  const selection = selectRegressor(table, allRows(800), 42, autoPlan(800, 5), {
    say: () => {},
    onStep: (step) => candidates.add(step.candidate!),
  });
  assert.equal(selection.metric, "R²");
  assert.equal(selection.lossName, "RMSE");
  assert.equal(selection.folds, 5);
  assert.equal(selection.validationRows, 800, "every training row scored once");
  assert.equal(selection.fitRows, 640);
  assert.ok(candidates.has("trees (3/3), fold 5/5"), [...candidates].join("; "));
  assert.equal(candidates.size, 15);
  assert.notEqual(selection.chosen, "linear");
  const [linear, ...others] = selection.candidates;
  assert.ok(others.some((c) => c.score > linear.score + 0.1), JSON.stringify(selection));
  assert.match(
    selectionText(selection, 800),
    /scored by 5-fold cross-validation over the 800 training rows/,
  );
});
