/**
 * The trainer's numerics: seeded randomness, the stratified split, the
 * standardiser, L-BFGS, softmax regression (checked for optimality of the
 * scikit-learn objective) and the classification metrics.
 */
import assert from "node:assert/strict";
import { parseCsvText } from "../../../runtime/train/csv_records.ts";
import { stratifiedHoldoutSplit } from "../../../runtime/train/holdout_split.ts";
import { minimizeLbfgs } from "../../../runtime/train/lbfgs.ts";
import { argmaxAt, classificationMetrics } from "../../../runtime/train/metrics.ts";
import { seededRandom, shuffleInPlace } from "../../../runtime/train/random.ts";
import {
  fitSoftmaxRegression,
  predictProbabilities,
} from "../../../runtime/train/softmax_regression.ts";
import { fitStandardizer, standardizeRows } from "../../../runtime/train/standardizer.ts";
import { buildTrainingTable, type TrainingTable } from "../../../runtime/train/training_table.ts";
import { HYPER_PARAMETERS } from "../../../runtime/train/train.ts";
import { projectPath } from "../../../runtime/base/assets.ts";

/** Gaussian blobs, one per centre, `perClass` rows each, plus a constant column, as CSV text. */
function blobsCsv(centres: number[][], labels: string[], perClass: number, seed: number): string {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const header = [...centres[0].map((_, f) => `x${f}`), "constant", "label"].join(",");
  const rows: string[] = [];
  for (let i = 0; i < perClass; i++) {
    centres.forEach((centre, c) => {
      const values = centre.map((mean) => (mean + gaussian()).toFixed(4));
      rows.push([...values, "5", labels[c]].join(","));
    });
  }
  return `${header}\n${rows.join("\n")}\n`;
}

function tableOf(text: string): TrainingTable {
  return buildTrainingTable("blobs.csv", parseCsvText("blobs.csv", text));
}

Deno.test("random: the same seed gives the same sequence, another seed another", () => {
  const a = seededRandom(7), b = seededRandom(7), c = seededRandom(8);
  const first = [a(), a(), a()];
  assert.deepEqual(first, [b(), b(), b()]);
  assert.notDeepEqual(first, [c(), c(), c()]);
  assert.ok(first.every((value) => value >= 0 && value < 1));
  const shuffled = shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1));
  assert.deepEqual([...shuffled].sort(), [1, 2, 3, 4, 5, 6]);
});

Deno.test("split: stratified, disjoint, complete and reproducible", () => {
  const table = tableOf(blobsCsv([[0, 0], [3, 3], [6, 0]], ["a", "b", "c"], 20, 1));
  const split = stratifiedHoldoutSplit(table, 0.2, 42);
  assert.equal(split.holdout.length, 12);
  assert.equal(split.train.length, 48);
  for (let c = 0; c < 3; c++) {
    assert.equal(split.holdout.filter((row) => table.targets[row] === c).length, 4);
  }
  const all = [...split.train, ...split.holdout].sort((x, y) => x - y);
  assert.deepEqual(all, Array.from({ length: 60 }, (_, i) => i));
  assert.deepEqual(stratifiedHoldoutSplit(table, 0.2, 42), split);
  assert.notDeepEqual(stratifiedHoldoutSplit(table, 0.2, 43).holdout, split.holdout);
});

Deno.test("split: a 2-row class gives one row to each side", () => {
  const table = tableOf("x,label\n1,a\n2,a\n3,b\n4,b\n5,b\n");
  const split = stratifiedHoldoutSplit(table, 0.2, 42);
  assert.equal(split.holdout.filter((row) => table.targets[row] === 0).length, 1);
  assert.equal(split.train.filter((row) => table.targets[row] === 0).length, 1);
});

Deno.test("standardiser: training-row mean and population std; a constant feature gets scale 1", () => {
  const features = new Float64Array([1, 5, 3, 5, 100, 5]);
  const standardizer = fitStandardizer(features, 2, [0, 1]);
  assert.deepEqual([...standardizer.mean], [2, 5]);
  assert.deepEqual([...standardizer.scale], [1, 1]);
  assert.deepEqual([...standardizeRows(standardizer, features, 2, [0, 2])], [-1, 0, 98, 0]);
});

Deno.test("lbfgs: finds the minimum of the Rosenbrock function", () => {
  const result = minimizeLbfgs(
    (x, g) => {
      const [a, b] = x;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    },
    new Float64Array([-1.2, 1]),
    { gradientTolerance: 1e-10, valueTolerance: 0, maxIterations: 500 },
  );
  assert.ok(result.converged);
  assert.ok(Math.abs(result.x[0] - 1) < 1e-6 && Math.abs(result.x[1] - 1) < 1e-6, `${result.x}`);
});

/**
 * Largest gradient component of scikit-learn's objective (divided by n): the
 * multinomial one, or for 2 classes the binary one (penalty doubled on the
 * two softmax columns).
 */
function objectiveGradientMax(
  inputs: ArrayLike<number>,
  targets: Int32Array,
  classCount: number,
  weights: Float64Array,
  bias: Float64Array,
  inverseRegularization: number,
): number {
  const n = targets.length, f = inputs.length / n;
  const gradW = new Float64Array(weights.length), gradB = new Float64Array(classCount);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: classCount }, (_, c) => {
      let sum = bias[c];
      for (let k = 0; k < f; k++) sum += inputs[i * f + k] * weights[k * classCount + c];
      return sum;
    });
    const top = Math.max(...z);
    const e = z.map((v) => Math.exp(v - top));
    const total = e.reduce((s, v) => s + v, 0);
    for (let c = 0; c < classCount; c++) {
      const r = e[c] / total - (targets[i] === c ? 1 : 0);
      gradB[c] += r / n;
      for (let k = 0; k < f; k++) gradW[k * classCount + c] += (r * inputs[i * f + k]) / n;
    }
  }
  let largest = 0;
  weights.forEach((w, i) => {
    const penalty = (classCount === 2 ? 2 : 1) / (inverseRegularization * n);
    largest = Math.max(largest, Math.abs(gradW[i] + w * penalty));
  });
  gradB.forEach((g) => (largest = Math.max(largest, Math.abs(g))));
  return largest;
}

for (
  const [title, centres, labels] of [
    ["2 classes", [[0, 0], [2.5, 1]], ["high", "low"]],
    ["4 classes", [[0, 0], [4, 0], [0, 4], [4, 4]], ["e", "n", "s", "w"]],
  ] as const
) {
  Deno.test(`softmax regression (${title}): optimal for the L2 objective and accurate`, () => {
    const table = tableOf(blobsCsv(centres.map((c) => [...c]), [...labels], 60, 3));
    const split = stratifiedHoldoutSplit(table, 0.2, 42);
    const f = table.featureNames.length;
    const standardizer = fitStandardizer(table.features, f, split.train);
    const inputs = standardizeRows(standardizer, table.features, f, split.train);
    const targets = Int32Array.from(split.train, (row) => table.targets[row]);
    const classCount = labels.length;
    const { model, summary } = fitSoftmaxRegression(
      inputs,
      targets,
      classCount,
      standardizer,
      HYPER_PARAMETERS,
    );
    assert.ok(summary.converged);
    const gradient = objectiveGradientMax(
      inputs,
      targets,
      classCount,
      model.weights,
      model.bias,
      HYPER_PARAMETERS.inverseRegularization,
    );
    assert.ok(gradient < 1e-7, `gradient ${gradient}`);
    // The third feature is constant: its scale falls back to 1.
    assert.equal(model.standardizer.scale[2], 1);

    const probabilities = predictProbabilities(model, table.features, split.holdout);
    for (let i = 0; i < split.holdout.length; i++) {
      const row = probabilities.subarray(i * classCount, (i + 1) * classCount);
      assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-12);
    }
    const predicted = split.holdout.map((_, i) =>
      argmaxAt(probabilities, i * classCount, classCount)
    );
    const metrics = classificationMetrics(
      table.classLabels,
      split.holdout.map((row) => table.targets[row]),
      predicted,
    );
    assert.ok(metrics.accuracy >= 0.85, `accuracy ${metrics.accuracy}`);

    const again = fitSoftmaxRegression(inputs, targets, classCount, standardizer, HYPER_PARAMETERS);
    assert.deepEqual(again.model.weights, model.weights, "fitting is deterministic");
  });
}

Deno.test("metrics: accuracy, confusion, per-class precision/recall/F1, macro F1", () => {
  // actual:    a a a b b c
  // predicted: a a b b c c
  const metrics = classificationMetrics(["a", "b", "c", "d"], [0, 0, 0, 1, 1, 2], [
    0,
    0,
    1,
    1,
    2,
    2,
  ]);
  assert.equal(metrics.accuracy, 4 / 6);
  assert.deepEqual(metrics.confusion, [[2, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 0], [0, 0, 0, 0]]);
  const [a, b, c, d] = metrics.perClass;
  assert.deepEqual(a, { label: "a", precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
  assert.deepEqual(b, { label: "b", precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  assert.equal(c.precision, 0.5);
  assert.equal(c.recall, 1);
  assert.deepEqual(d, { label: "d", precision: 0, recall: 0, f1: 0, support: 0 });
  assert.equal(metrics.macroF1, (0.8 + 0.5 + c.f1 + 0) / 4);
  assert.equal(argmaxAt([0.2, 0.4, 0.4], 0, 3), 1);
});

/** Fits the trainer's model on the stratified training split (seed 42) of `table`. */
function fitOnSplit(table: TrainingTable) {
  const split = stratifiedHoldoutSplit(table, 0.2, 42);
  const f = table.featureNames.length;
  const standardizer = fitStandardizer(table.features, f, split.train);
  const inputs = standardizeRows(standardizer, table.features, f, split.train);
  const targets = Int32Array.from(split.train, (row) => table.targets[row]);
  return fitSoftmaxRegression(
    inputs,
    targets,
    table.classLabels.length,
    standardizer,
    HYPER_PARAMETERS,
  ).model;
}

function assertClose(actual: number[], expected: number[], tolerance: number, what: string) {
  actual.forEach((value, i) => {
    assert.ok(
      Math.abs(value - expected[i]) <= tolerance,
      `${what}[${i}]: ${value} vs scikit-learn ${expected[i]}`,
    );
  });
}

// Reference values: scikit-learn 1.2.1 LogisticRegression(C=1, tol=1e-12) fitted on the same
// standardised training rows (the seed-42 split of data/iris.csv), coefficients class by feature.
Deno.test("softmax regression matches scikit-learn on iris (3 classes)", async () => {
  const text = await Deno.readTextFile(projectPath("data", "iris.csv"));
  const model = fitOnSplit(buildTrainingTable("iris.csv", parseCsvText("iris.csv", text)));
  const coef = [
    [-1.01986, 1.069207, -1.80998, -1.718443],
    [0.516307, -0.340115, -0.218203, -0.771574],
    [0.503553, -0.729092, 2.028183, 2.490017],
  ];
  for (let c = 0; c < 3; c++) {
    const column = Array.from({ length: 4 }, (_, f) => model.weights[f * 3 + c]);
    assertClose(column, coef[c], 1e-4, `coef class ${c}`);
  }
  assertClose([...model.bias], [-0.262594, 1.926831, -1.664236], 1e-4, "intercept");
});

Deno.test("softmax regression matches scikit-learn's binary model (versicolor vs virginica)", async () => {
  const text = (await Deno.readTextFile(projectPath("data", "iris.csv"))).split("\n")
    .filter((line) => !line.includes("setosa")).join("\n");
  const model = fitOnSplit(buildTrainingTable("iris2.csv", parseCsvText("iris2.csv", text)));
  const difference = Array.from(
    { length: 4 },
    (_, f) => model.weights[f * 2 + 1] - model.weights[f * 2],
  );
  assertClose(difference, [-0.310458, -0.565383, 2.179612, 2.199803], 1e-4, "coef");
  assertClose([model.bias[1] - model.bias[0]], [0.164176], 1e-4, "intercept");
});
