/**
 * The regression numerics: RMSE/MAE/R² as scikit-learn defines them, the
 * random holdout and validation splits, the target scaler, and ridge by
 * L-BFGS against the closed-form solution of the normal equations
 * `(XᵀX + αI) w = Xᵀ y` on standardised data.
 */
import assert from "node:assert/strict";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import {
  MIN_REGRESSION_ROWS,
  randomHoldoutSplit,
  randomValidationSplit,
} from "../../../runtime/train/holdout_split.ts";
import { seededRandom } from "../../../runtime/train/random.ts";
import { regressionMetrics } from "../../../runtime/train/regression_metrics.ts";
import {
  fitRidge,
  fitTargetScaler,
  predictRidge,
  RIDGE_DEFAULTS,
} from "../../../runtime/train/ridge_regression.ts";
import { fitStandardizer, standardizeRows } from "../../../runtime/train/standardizer.ts";

Deno.test("regression metrics: RMSE, MAE and R² by hand; a constant actual forces 1 or 0", () => {
  const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
  assert.equal(m.rows, 4);
  assert.ok(Math.abs(m.rmse - Math.sqrt(0.375)) < 1e-12);
  assert.ok(Math.abs(m.mae - 0.5) < 1e-12);
  // scikit-learn's r2_score([3, -0.5, 2, 7], [2.5, 0, 2, 8]) = 0.9486081370449679.
  assert.ok(Math.abs(m.r2 - 0.9486081370449679) < 1e-12);
  assert.equal(regressionMetrics([2, 2], [2, 2]).r2, 1);
  assert.equal(regressionMetrics([2, 2], [2, 3]).r2, 0);
});

Deno.test("split: the random holdout is disjoint, complete, reproducible; too few rows fail", () => {
  const table = { source: "t.csv", rowCount: 50 };
  const split = randomHoldoutSplit(table, 0.2, 42);
  assert.equal(split.holdout.length, 10);
  assert.deepEqual(
    [...split.train, ...split.holdout].sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.deepEqual(randomHoldoutSplit(table, 0.2, 42), split);
  assert.notDeepEqual(randomHoldoutSplit(table, 0.2, 7).holdout, split.holdout);
  assert.throws(
    () => randomHoldoutSplit({ source: "t.csv", rowCount: MIN_REGRESSION_ROWS - 1 }, 0.2, 1),
    (error: unknown) =>
      error instanceof RuntimeError && error.message ===
        "t.csv: too few rows for a holdout split: a regression needs at least 5 rows, got 4",
  );
  const parts = randomValidationSplit(split.train, 0.1, 42);
  assert.equal(parts.validation.length, 4);
  assert.deepEqual(
    [...parts.fit, ...parts.validation].sort((a, b) => a - b),
    [...split.train],
  );
  assert.equal(randomValidationSplit([3, 9], 0.1, 1).fit.length, 1, "one row always fits");
});

Deno.test("ridge: L-BFGS reaches the normal equations' solution; predictions de-standardise", () => {
  const random = seededRandom(3);
  const rowCount = 60, featureCount = 3;
  const features = Float64Array.from(
    { length: rowCount * featureCount },
    (_, i) => (i % featureCount + 1) * 10 * random(),
  );
  const values = Float64Array.from(
    { length: rowCount },
    (_, row) => 100 + 2 * features[row * 3] - 5 * features[row * 3 + 1] + 10 * random(),
  );
  const rows = Array.from({ length: rowCount }, (_, i) => i);
  const standardizer = fitStandardizer(features, featureCount, rows);
  const target = fitTargetScaler(values);
  const inputs = standardizeRows(standardizer, features, featureCount, rows);
  const targets = values.map((value) => (value - target.mean) / target.scale);
  const { model, converged } = fitRidge({ inputs, targets }, standardizer, target, RIDGE_DEFAULTS);
  assert.ok(converged);

  // Closed form: centred inputs and target, so the intercept is 0 and
  // (XᵀX + αI) w = Xᵀ y, solved by Gaussian elimination.
  const system = Array.from({ length: featureCount }, (_, i) => {
    const row = Array.from({ length: featureCount + 1 }, () => 0);
    for (let r = 0; r < rowCount; r++) {
      for (let j = 0; j < featureCount; j++) {
        row[j] += inputs[r * featureCount + i] * inputs[r * featureCount + j];
      }
      row[featureCount] += inputs[r * featureCount + i] * targets[r];
    }
    row[i] += RIDGE_DEFAULTS.alpha;
    return row;
  });
  for (let p = 0; p < featureCount; p++) {
    for (let r = p + 1; r < featureCount; r++) {
      const factor = system[r][p] / system[p][p];
      for (let c = p; c <= featureCount; c++) system[r][c] -= factor * system[p][c];
    }
  }
  const exact = new Array<number>(featureCount).fill(0);
  for (let p = featureCount - 1; p >= 0; p--) {
    let sum = system[p][featureCount];
    for (let c = p + 1; c < featureCount; c++) sum -= system[p][c] * exact[c];
    exact[p] = sum / system[p][p];
  }
  exact.forEach((weight, f) => assert.ok(Math.abs(model.weights[f] - weight) < 1e-6, `w${f}`));
  assert.ok(Math.abs(model.bias) < 1e-6);

  const predicted = predictRidge(model, features, [0, 1]);
  for (const [index, row] of [0, 1].entries()) {
    let raw = model.bias;
    for (let f = 0; f < featureCount; f++) raw += inputs[row * featureCount + f] * model.weights[f];
    assert.ok(Math.abs(predicted[index] - (raw * target.scale + target.mean)) < 1e-9);
  }
  assert.ok(regressionMetrics(values, predictRidge(model, features, rows)).r2 > 0.8);
});
