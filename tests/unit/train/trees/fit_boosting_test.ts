/**
 * Boosting end to end on generated data: accurate on nonlinear two-class
 * and three-class sets and on a regression curve, missing values used as a
 * signal, early stopping keeps the best round, the reported losses are the
 * model's, and the same inputs give the same model.
 */
import assert from "node:assert/strict";
import {
  type BoostedTrees,
  predictClassProbabilities,
  predictRawScores,
  predictValues,
} from "../../../../runtime/train/trees/boosted_trees.ts";
import {
  BOOSTING_DEFAULTS,
  fitGradientBoosting,
} from "../../../../runtime/train/trees/fit_boosting.ts";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import { argmaxAt } from "../../../../runtime/train/metrics.ts";
import { seededRandom } from "../../../../runtime/train/random.ts";
import {
  concentricRings,
  everyNth,
  type LabelledPoints,
  twoMoons,
} from "../../../support/nonlinear_data.ts";

function accuracy(model: BoostedTrees, points: LabelledPoints, rows: readonly number[]): number {
  const p = predictClassProbabilities(model, points.features, rows);
  const k = points.classCount;
  return rows.filter((row, i) => argmaxAt(p, i * k, k) === points.targets[row]).length /
    rows.length;
}

/** Fits on 90% of `train` (every 10th row validates). */
function fit(points: LabelledPoints, train: readonly number[], parameters = BOOSTING_DEFAULTS) {
  return fitGradientBoosting({
    features: points.features,
    width: points.width,
    targets: points.targets,
    task: { kind: "classification", classCount: points.classCount },
    fitRows: train.filter((_, i) => i % 10 !== 0),
    validationRows: train.filter((_, i) => i % 10 === 0),
  }, parameters);
}

Deno.test("boosting: two moons and three rings are learned; probabilities sum to 1", () => {
  for (const points of [twoMoons(2000, 0.2), concentricRings(3000, 3)]) {
    const { train, holdout } = everyNth(points.targets.length);
    const { model, summary } = fit(points, train);
    const score = accuracy(model, points, holdout);
    assert.ok(score >= 0.95, `${points.classCount} classes: accuracy ${score}`);
    assert.equal(model.outputs, points.classCount === 2 ? 1 : points.classCount);
    assert.equal(model.trees.length, summary.bestRound * model.outputs);
    const p = predictClassProbabilities(model, points.features, holdout.slice(0, 50));
    for (let i = 0; i < 50; i++) {
      let sum = 0;
      for (let k = 0; k < points.classCount; k++) sum += p[i * points.classCount + k];
      assert.ok(Math.abs(sum - 1) < 1e-12);
    }
  }
});

Deno.test("boosting: the same inputs give the same model; other rows another", () => {
  const points = twoMoons(800, 0.3, 5);
  const { train } = everyNth(800);
  const first = fit(points, train);
  assert.deepEqual(fit(points, train), first);
  assert.notDeepEqual(fit(points, train.slice(1)).model, first.model);
});

Deno.test("boosting: early stopping on noise keeps the best round; history is the model's", () => {
  const random = seededRandom(9);
  const count = 1500;
  const points: LabelledPoints = {
    features: Float64Array.from({ length: count * 3 }, () => random()),
    width: 3,
    targets: Int32Array.from({ length: count }, () => (random() < 0.5 ? 0 : 1)),
    classCount: 2,
  };
  const rows = Array.from({ length: count }, (_, i) => i);
  const heard: number[] = [];
  const { model, summary, history } = fitGradientBoosting(
    {
      features: points.features,
      width: 3,
      targets: points.targets,
      task: { kind: "classification", classCount: 2 },
      fitRows: rows.filter((i) => i % 5 !== 0),
      validationRows: rows.filter((i) => i % 5 === 0),
    },
    BOOSTING_DEFAULTS,
    (round) => heard.push(round.round),
  );
  assert.ok(summary.stoppedEarly && summary.rounds < 60, `${summary.rounds} rounds`);
  assert.equal(summary.rounds, summary.bestRound + BOOSTING_DEFAULTS.patience);
  assert.deepEqual(heard, history.map((round) => round.round));
  assert.equal(history.length, summary.rounds);
  const best = Math.min(...history.map((round) => round.validationLoss));
  assert.equal(summary.validationLoss, best);
  assert.equal(history[summary.bestRound - 1].validationLoss, best);
  assert.equal(model.trees.length, summary.bestRound);
  assert.ok(history.every((round, i) => i === 0 || round.trainLoss < history[i - 1].trainLoss));
  // The last round's training loss is the log-loss of every kept and dropped tree on the fit rows.
  const all = fitGradientBoosting({
    features: points.features,
    width: 3,
    targets: points.targets,
    task: { kind: "classification", classCount: 2 },
    fitRows: rows.filter((i) => i % 5 !== 0),
  }, { ...BOOSTING_DEFAULTS, maxRounds: 3 });
  const fitRows = rows.filter((i) => i % 5 !== 0);
  const raw = predictRawScores(all.model, points.features, fitRows);
  const logLoss = fitRows.reduce((sum, row, i) => {
    const p = 1 / (1 + Math.exp(-raw[i]));
    return sum - Math.log(points.targets[row] === 1 ? p : 1 - p);
  }, 0) / fitRows.length;
  assert.equal(all.summary.rounds, 3, "no validation rows: every round runs");
  assert.ok(Math.abs(all.history[2].trainLoss - logLoss) < 1e-12);
});

Deno.test("boosting: missing values are a signal; a round without any split stops the fit", () => {
  const count = 600;
  const features = Float64Array.from({ length: count * 2 }, (_, i) => {
    const row = Math.floor(i / 2);
    return i % 2 === 0 ? (row % 3 === 0 ? NaN : row % 7) : 1;
  });
  const targets = Int32Array.from({ length: count }, (_, row) => (row % 3 === 0 ? 1 : 0));
  const rows = Array.from({ length: count }, (_, i) => i);
  const points = { features, width: 2, targets, classCount: 2 };
  const { model } = fit(points, rows);
  assert.equal(accuracy(model, points, rows), 1);
  const flat = fitGradientBoosting({
    features,
    width: 2,
    targets: new Float64Array(count).fill(3),
    task: { kind: "regression" },
    fitRows: rows,
  });
  assert.equal(flat.summary.rounds, 1);
  assert.ok(flat.summary.stoppedEarly);
  assert.deepEqual([...predictValues(flat.model, features, [0, 1])], [3, 3]);
});

Deno.test("boosting: regression fits a nonlinear surface far better than the mean", () => {
  const random = seededRandom(4);
  const count = 4000;
  const features = Float64Array.from({ length: count * 3 }, () => random() * 6 - 3);
  const targets = Float64Array.from(
    { length: count },
    (_, row) =>
      Math.sin(features[3 * row]) * 2 + features[3 * row + 1] ** 2 / 3 + 0.1 * (random() - 0.5),
  );
  const { train, holdout } = everyNth(count);
  const { model, summary } = fitGradientBoosting({
    features,
    width: 3,
    targets,
    task: { kind: "regression" },
    fitRows: train.filter((_, i) => i % 10 !== 0),
    validationRows: train.filter((_, i) => i % 10 === 0),
  });
  const predicted = predictValues(model, features, holdout);
  const mean = holdout.reduce((sum, row) => sum + targets[row], 0) / holdout.length;
  let residual = 0;
  let total = 0;
  holdout.forEach((row, i) => {
    residual += (targets[row] - predicted[i]) ** 2;
    total += (targets[row] - mean) ** 2;
  });
  const r2 = 1 - residual / total;
  assert.ok(r2 > 0.98, `R² ${r2} after ${summary.rounds} rounds`);
  assert.throws(() => predictClassProbabilities(model, features, [0]), TypeError);
});

Deno.test("boosting: unusable data is a bad_request naming the problem", () => {
  const features = new Float64Array([1, 2, 3, 4]);
  const base = {
    features,
    width: 1,
    targets: new Int32Array([0, 1, 0, 1]),
    task: { kind: "classification", classCount: 2 } as const,
    fitRows: [0, 1, 2, 3],
  };
  const cases: [Partial<Parameters<typeof fitGradientBoosting>[0]>, RegExp][] = [
    [{ fitRows: [] }, /at least one fit row/],
    [{ width: 3 }, /whole rows of 3 values/],
    [{ targets: new Int32Array([0, 1, 2, 1]) }, /row 2: target 2 is not a class index from 0 to 1/],
    [{ task: { kind: "classification", classCount: 1 } }, /at least 2 classes/],
    [{ validationRows: [4] }, /row 4 is not a row of the 4-row feature matrix/],
    [
      { task: { kind: "regression" }, targets: new Float64Array([1, NaN, 2, 3]) },
      /row 1: target NaN is not a finite number/,
    ],
  ];
  for (const [change, message] of cases) {
    assert.throws(
      () => fitGradientBoosting({ ...base, ...change }),
      (error: Error) =>
        error instanceof RuntimeError && error.kind === "bad_request" &&
        message.test(error.message),
      String(message),
    );
  }
  assert.throws(
    () => fitGradientBoosting(base, { ...BOOSTING_DEFAULTS, maxLeaves: 0 }),
    /maxLeaves must be a whole number/,
  );
});
