/**
 * Regression quality figures of a set of predictions: root mean squared
 * error, mean absolute error and the coefficient of determination R², as
 * scikit-learn computes them (`r2_score` with `force_finite`: a constant
 * actual gives 1 for a perfect fit and 0 otherwise).
 *
 * @module
 */

/** Quality figures of a regression on some rows. */
export interface RegressionMetrics {
  /** Root mean squared error, in the target's unit. */
  readonly rmse: number;
  /** Mean absolute error, in the target's unit. */
  readonly mae: number;
  /** Coefficient of determination: 1 - residual sum of squares / total sum of squares. */
  readonly r2: number;
  /** Rows measured. */
  readonly rows: number;
}

/**
 * Computes {@link RegressionMetrics} of `predicted` against `actual` (same
 * length, at least one value).
 *
 * @example
 * ```ts
 * import { regressionMetrics } from "./regression_metrics.ts";
 * const m = regressionMetrics([1, 2, 3], [1, 2, 4]);
 * console.log(m.rmse, m.mae, m.r2); // 0.577…, 0.333…, 0.5
 * ```
 */
export function regressionMetrics(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): RegressionMetrics {
  const rows = actual.length;
  if (rows === 0) return { rmse: 0, mae: 0, r2: 0, rows };
  let mean = 0;
  for (let i = 0; i < rows; i++) mean += actual[i];
  mean /= rows;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const error = predicted[i] - actual[i];
    squared += error * error;
    absolute += Math.abs(error);
    total += (actual[i] - mean) ** 2;
  }
  const r2 = total > 0 ? 1 - squared / total : squared === 0 ? 1 : 0;
  return { rmse: Math.sqrt(squared / rows), mae: absolute / rows, r2, rows };
}
