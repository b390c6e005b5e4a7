/**
 * Multinomial logistic regression (softmax regression) with an L2 penalty on
 * the weights, fitted full-batch with L-BFGS on standardised features. The
 * objective is scikit-learn's: the summed cross-entropy plus
 * `||W||^2 / (2 C)`, the intercepts unpenalised. For two classes the penalty
 * is doubled, so the fit equals scikit-learn's binary logistic regression.
 *
 * @module
 */
import type { FeatureMatrix } from "./feature_matrix.ts";
import { minimizeLbfgs } from "./lbfgs.ts";
import type { Standardizer } from "./standardizer.ts";
import { accuracyOf, type TrainingCurve, type TrainingStep } from "./training_curve.ts";

/** Rows the learning curve's accuracy is measured on, and who hears each step. */
export interface SoftmaxMonitor {
  /** Standardised monitoring rows (row-major) and their targets. */
  readonly rows?: { readonly inputs: FeatureMatrix; readonly targets: Int32Array };
  /** Describes the monitoring rows in words (for the report). */
  readonly description?: string;
  /** Hears every iteration. */
  readonly onStep?: (step: TrainingStep) => void;
}

/** Hyper-parameters of the fit. */
export interface SoftmaxHyperParameters {
  /** Inverse regularisation strength, as scikit-learn's `C`. */
  readonly inverseRegularization: number;
  /** Stop when the largest gradient component of the mean loss is at most this. */
  readonly gradientTolerance: number;
  /** Iteration limit of the optimiser. */
  readonly maxIterations: number;
}

/** A fitted model: standardisation followed by a linear map and softmax. */
export interface SoftmaxModel {
  /** Number of input features. */
  readonly featureCount: number;
  /** Number of classes. */
  readonly classCount: number;
  /** Standardisation measured on the training rows. */
  readonly standardizer: Standardizer;
  /** Weights, `featureCount * classCount`, row-major (feature by class). */
  readonly weights: Float64Array;
  /** Intercept of each class. */
  readonly bias: Float64Array;
}

/** How the optimiser finished. */
export interface FitSummary {
  /** Iterations performed. */
  readonly iterations: number;
  /** True when the tolerance was met. */
  readonly converged: boolean;
  /** Final value of the mean penalised loss. */
  readonly loss: number;
}

/**
 * Fits the model on already standardised rows `inputs` (row-major,
 * `targets.length * standardizer.mean.length` values) with class indices
 * `targets` in `[0, classCount)`.
 */
export function fitSoftmaxRegression(
  inputs: FeatureMatrix,
  targets: Int32Array,
  classCount: number,
  standardizer: Standardizer,
  hyper: SoftmaxHyperParameters,
  monitor: SoftmaxMonitor = {},
): { model: SoftmaxModel; summary: FitSummary; curve: TrainingCurve } {
  const featureCount = standardizer.mean.length;
  const rowCount = targets.length;
  const weightCount = featureCount * classCount;
  // With two classes the two softmax columns share the weights (w and -w), which
  // would halve the penalty; doubling it gives scikit-learn's binary model exactly.
  const penalty = (classCount === 2 ? 2 : 1) / (hyper.inverseRegularization * rowCount);
  const logits = new Float64Array(classCount);

  const objective = (theta: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let row = 0; row < rowCount; row++) {
      const offset = row * featureCount;
      let largest = -Infinity;
      for (let c = 0; c < classCount; c++) {
        let z = theta[weightCount + c];
        for (let f = 0; f < featureCount; f++) {
          const x = inputs[offset + f];
          if (x !== 0) z += x * theta[f * classCount + c];
        }
        logits[c] = z;
        if (z > largest) largest = z;
      }
      const target = targets[row];
      const targetMargin = logits[target] - largest;
      let total = 0;
      for (let c = 0; c < classCount; c++) {
        logits[c] = Math.exp(logits[c] - largest);
        total += logits[c];
      }
      loss += Math.log(total) - targetMargin;
      for (let c = 0; c < classCount; c++) {
        const residual = logits[c] / total - (c === target ? 1 : 0);
        gradient[weightCount + c] += residual;
        for (let f = 0; f < featureCount; f++) {
          const x = inputs[offset + f];
          if (x !== 0) gradient[f * classCount + c] += residual * x;
        }
      }
    }
    let squared = 0;
    for (let i = 0; i < weightCount; i++) squared += theta[i] * theta[i];
    for (let i = 0; i < theta.length; i++) {
      gradient[i] /= rowCount;
      if (i < weightCount) gradient[i] += penalty * theta[i];
    }
    return loss / rowCount + 0.5 * penalty * squared;
  };

  const loss: number[] = [];
  const validationAccuracy: number[] = [];
  const watched = monitor.rows;
  const onIteration = (iteration: number, theta: Float64Array, value: number) => {
    const score = watched === undefined ? NaN : accuracyOf(
      linearProbabilities(theta, watched.inputs, featureCount, classCount),
      watched.targets,
      classCount,
    );
    loss.push(value);
    validationAccuracy.push(score);
    monitor.onStep?.({
      unit: "iteration",
      step: iteration,
      maxSteps: hyper.maxIterations,
      loss: value,
      validationAccuracy: score,
    });
  };
  const result = minimizeLbfgs(objective, new Float64Array(weightCount + classCount), {
    gradientTolerance: hyper.gradientTolerance,
    valueTolerance: 1e-15,
    maxIterations: hyper.maxIterations,
    onIteration,
  });
  return {
    model: {
      featureCount,
      classCount,
      standardizer,
      weights: result.x.slice(0, weightCount),
      bias: result.x.slice(weightCount),
    },
    summary: { iterations: result.iterations, converged: result.converged, loss: result.value },
    curve: {
      unit: "iteration",
      loss,
      validationAccuracy,
      validationRows: monitor.description ?? "no monitoring rows",
    },
  };
}

/** Probabilities of standardised rows under the packed parameters `theta` (weights, then bias). */
function linearProbabilities(
  theta: Float64Array,
  inputs: FeatureMatrix,
  featureCount: number,
  classCount: number,
): Float64Array {
  const rowCount = inputs.length / featureCount;
  const weightCount = featureCount * classCount;
  const out = new Float64Array(rowCount * classCount);
  for (let row = 0; row < rowCount; row++) {
    for (let c = 0; c < classCount; c++) {
      let z = theta[weightCount + c];
      for (let f = 0; f < featureCount; f++) {
        const x = inputs[row * featureCount + f];
        if (x !== 0) z += x * theta[f * classCount + c];
      }
      out[row * classCount + c] = z;
    }
  }
  return out; // argmax of the logits equals argmax of the probabilities
}

/**
 * The trainer's own forward pass: class probabilities of the listed rows of
 * the raw (unstandardised) row-major `features`, `rows.length * classCount`
 * values row-major. Computed in double precision.
 */
export function predictProbabilities(
  model: SoftmaxModel,
  features: FeatureMatrix,
  rows: readonly number[],
): Float64Array {
  const { featureCount, classCount, standardizer, weights, bias } = model;
  const out = new Float64Array(rows.length * classCount);
  const standardized = new Float64Array(featureCount);
  rows.forEach((row, index) => {
    for (let f = 0; f < featureCount; f++) {
      standardized[f] = (features[row * featureCount + f] - standardizer.mean[f]) /
        standardizer.scale[f];
    }
    let largest = -Infinity;
    const base = index * classCount;
    for (let c = 0; c < classCount; c++) {
      let z = bias[c];
      for (let f = 0; f < featureCount; f++) z += standardized[f] * weights[f * classCount + c];
      out[base + c] = z;
      if (z > largest) largest = z;
    }
    let total = 0;
    for (let c = 0; c < classCount; c++) {
      out[base + c] = Math.exp(out[base + c] - largest);
      total += out[base + c];
    }
    for (let c = 0; c < classCount; c++) out[base + c] /= total;
  });
  return out;
}
