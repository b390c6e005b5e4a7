/**
 * Ridge regression (least squares with an L2 penalty on the weights) on
 * standardised features and a standardised target, fitted with L-BFGS. The
 * objective is scikit-learn's `Ridge`: `||y - Xw - b||^2 + alpha ||w||^2`,
 * the intercept unpenalised; dividing by the target's variance shows that
 * fitting the standardised target with the same `alpha` gives the same
 * predictions as fitting the raw one. L-BFGS rather than the normal
 * equations keeps wide hashed-text inputs cheap.
 *
 * @module
 */
import type { FeatureMatrix } from "./feature_matrix.ts";
import { minimizeLbfgs } from "./lbfgs.ts";
import { regressionMetrics } from "./regression_metrics.ts";
import type { Standardizer } from "./standardizer.ts";
import type { TrainingCurve, TrainingStep } from "./training_curve.ts";

/** Hyper-parameters of the ridge fit. */
export interface RidgeHyperParameters {
  /** L2 penalty strength, as scikit-learn's `alpha`. */
  readonly alpha: number;
  /** Stop when the largest gradient component of the mean loss is at most this. */
  readonly gradientTolerance: number;
  /** Iteration limit of the optimiser. */
  readonly maxIterations: number;
}

/** The settings the trainer uses (scikit-learn's default `alpha`). */
export const RIDGE_DEFAULTS: RidgeHyperParameters = {
  alpha: 1,
  gradientTolerance: 1e-10,
  maxIterations: 1000,
};

/** Centre and scale of the target, measured on the training rows. */
export interface TargetScaler {
  /** Mean of the training targets. */
  readonly mean: number;
  /** Their population standard deviation (1 when it is 0). */
  readonly scale: number;
}

/** A fitted ridge model: feature standardisation, weights, and the target's scaler. */
export interface RidgeModel {
  /** Number of (encoded) inputs. */
  readonly featureCount: number;
  /** Standardisation of the inputs. */
  readonly standardizer: Standardizer;
  /** One weight per input (on the standardised scales). */
  readonly weights: Float64Array;
  /** Intercept (standardised target scale). */
  readonly bias: number;
  /** How a raw output becomes the target: `raw * scale + mean`. */
  readonly target: TargetScaler;
}

/** Standardised rows and their standardised targets. */
export interface RegressionRows {
  /** Row-major standardised inputs. */
  readonly inputs: FeatureMatrix;
  /** Standardised target per row. */
  readonly targets: Float64Array;
}

/** Measures the training targets' mean and population standard deviation. */
export function fitTargetScaler(values: ArrayLike<number>): TargetScaler {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  const deviation = Math.sqrt(squares / values.length);
  return { mean, scale: deviation > 0 ? deviation : 1 };
}

/**
 * Fits ridge regression on `train`; `monitor` (optional) is measured after
 * every iteration for the report's R² curve only (the fit runs to
 * convergence). `onStep` hears every iteration.
 */
export function fitRidge(
  train: RegressionRows,
  standardizer: Standardizer,
  target: TargetScaler,
  hyper: RidgeHyperParameters,
  monitor?: { readonly rows: RegressionRows; readonly description: string },
  onStep?: (step: TrainingStep) => void,
): { model: RidgeModel; iterations: number; converged: boolean; curve: TrainingCurve } {
  const featureCount = standardizer.mean.length;
  const rowCount = train.targets.length;
  const penalty = hyper.alpha / rowCount;
  const { inputs, targets } = train;
  const objective = (theta: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let row = 0; row < rowCount; row++) {
      const offset = row * featureCount;
      let residual = theta[featureCount] - targets[row];
      for (let f = 0; f < featureCount; f++) {
        const x = inputs[offset + f];
        if (x !== 0) residual += x * theta[f];
      }
      loss += residual * residual;
      gradient[featureCount] += residual;
      for (let f = 0; f < featureCount; f++) {
        const x = inputs[offset + f];
        if (x !== 0) gradient[f] += residual * x;
      }
    }
    let squared = 0;
    for (let f = 0; f < featureCount; f++) {
      squared += theta[f] * theta[f];
      gradient[f] = gradient[f] / rowCount + penalty * theta[f];
    }
    gradient[featureCount] /= rowCount;
    return (0.5 * loss) / rowCount + 0.5 * penalty * squared;
  };
  const loss: number[] = [];
  const validation: number[] = [];
  const result = minimizeLbfgs(objective, new Float64Array(featureCount + 1), {
    gradientTolerance: hyper.gradientTolerance,
    valueTolerance: 1e-15,
    maxIterations: hyper.maxIterations,
    onIteration: (iteration, theta, value) => {
      const score = monitor === undefined
        ? NaN
        : regressionMetrics(monitor.rows.targets, linearOutputs(theta, monitor.rows.inputs)).r2;
      loss.push(value);
      validation.push(score);
      onStep?.({
        unit: "iteration",
        step: iteration,
        maxSteps: hyper.maxIterations,
        loss: value,
        validationAccuracy: score,
        metric: "R²",
      });
    },
  });
  return {
    model: {
      featureCount,
      standardizer,
      weights: result.x.slice(0, featureCount),
      bias: result.x[featureCount],
      target,
    },
    iterations: result.iterations,
    converged: result.converged,
    curve: {
      unit: "iteration",
      loss,
      validationAccuracy: validation,
      validationRows: monitor?.description ?? "no monitoring rows",
      metric: "R²",
    },
  };
}

/** Outputs of standardised rows under packed parameters (weights, then the bias). */
function linearOutputs(theta: Float64Array, inputs: FeatureMatrix): Float64Array {
  const featureCount = theta.length - 1;
  const rowCount = inputs.length / featureCount;
  const out = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    let z = theta[featureCount];
    for (let f = 0; f < featureCount; f++) {
      const x = inputs[row * featureCount + f];
      if (x !== 0) z += x * theta[f];
    }
    out[row] = z;
  }
  return out;
}

/**
 * The trainer's own forward pass: the predicted target of each listed row of
 * the raw (encoded, unstandardised) row-major `features`, in the target's
 * unit, in double precision.
 */
export function predictRidge(
  model: RidgeModel,
  features: FeatureMatrix,
  rows: readonly number[],
): Float64Array {
  const { featureCount, standardizer, weights, bias, target } = model;
  return Float64Array.from(rows, (row) => {
    let z = bias;
    for (let f = 0; f < featureCount; f++) {
      z += ((features[row * featureCount + f] - standardizer.mean[f]) / standardizer.scale[f]) *
        weights[f];
    }
    return z * target.scale + target.mean;
  });
}
