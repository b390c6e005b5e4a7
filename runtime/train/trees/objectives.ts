/**
 * The losses gradient boosting minimises, each with its starting score, its
 * per-row gradients and hessians, and its mean value: binary log-loss on one
 * raw score per row (the log-odds of the second class), multinomial
 * log-loss on one raw score per class (softmax; one tree per class per
 * round), and half squared error for regression. Raw scores are row-major,
 * `outputs` per row; gradients and hessians are interleaved pairs, output
 * by output (the gradient of row `i` for output `k` at `2 * (k * rows + i)`,
 * its hessian next to it), so each output's tree reads one contiguous slice
 * and a row's pair shares a cache line.
 *
 * @module
 */

/** What the trees predict. */
export type BoostingTask =
  | { readonly kind: "classification"; readonly classCount: number }
  | { readonly kind: "regression" };

/** A loss: starting scores, gradients and hessians, and the mean loss. */
export interface Objective {
  /** Raw scores per row (and trees per round): 1, or the class count above 2. */
  readonly outputs: number;
  /** The constant raw scores that minimise the loss on `targets`. */
  baseline(targets: Float64Array): Float64Array;
  /**
   * Writes the gradient/hessian pairs of every row and output into
   * `pairs` and returns the mean loss at `raw` (computed on the way).
   */
  gradients(raw: Float64Array, targets: Float64Array, pairs: Float64Array): number;
  /** The mean loss over the rows. */
  loss(raw: Float64Array, targets: Float64Array): number;
}

/** Keeps probabilities away from 0 and 1 where a logarithm is taken. */
const EPSILON = 1e-15;

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** The objective of `task`. */
export function objectiveOf(task: BoostingTask): Objective {
  if (task.kind === "regression") return SQUARED_ERROR;
  if (task.classCount === 2) return BINARY_LOG_LOSS;
  return multinomialLogLoss(task.classCount);
}

/** Mean half squared error. */
function halfSquaredError(raw: Float64Array, targets: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += (raw[i] - targets[i]) ** 2;
  return targets.length === 0 ? 0 : sum / (2 * targets.length);
}

/** Half squared error: gradient `raw − y`, hessian 1. */
const SQUARED_ERROR: Objective = {
  outputs: 1,
  baseline(targets) {
    let sum = 0;
    for (let i = 0; i < targets.length; i++) sum += targets[i];
    return Float64Array.of(targets.length === 0 ? 0 : sum / targets.length);
  },
  gradients(raw, targets, pairs) {
    for (let i = 0; i < targets.length; i++) {
      pairs[2 * i] = raw[i] - targets[i];
      pairs[2 * i + 1] = 1;
    }
    return halfSquaredError(raw, targets);
  },
  loss: halfSquaredError,
};

/** Binary log-loss on the log-odds of class 1. */
const BINARY_LOG_LOSS: Objective = {
  outputs: 1,
  baseline(targets) {
    let positives = 0;
    for (let i = 0; i < targets.length; i++) positives += targets[i];
    const p = Math.min(1 - EPSILON, Math.max(EPSILON, positives / Math.max(1, targets.length)));
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(raw, targets, pairs) {
    let sum = 0;
    for (let i = 0; i < targets.length; i++) {
      const p = sigmoid(raw[i]);
      pairs[2 * i] = p - targets[i];
      pairs[2 * i + 1] = p * (1 - p);
      sum += binaryLoss(p, targets[i]);
    }
    return targets.length === 0 ? 0 : sum / targets.length;
  },
  loss(raw, targets) {
    let sum = 0;
    for (let i = 0; i < targets.length; i++) sum += binaryLoss(sigmoid(raw[i]), targets[i]);
    return targets.length === 0 ? 0 : sum / targets.length;
  },
};

/** Log-loss of one row whose class-1 probability is `p`. */
function binaryLoss(p: number, target: number): number {
  const clipped = Math.min(1 - EPSILON, Math.max(EPSILON, p));
  return target === 1 ? -Math.log(clipped) : -Math.log(1 - clipped);
}

/** Multinomial log-loss on one raw score per class. */
function multinomialLogLoss(classCount: number): Objective {
  const probabilities = new Float64Array(classCount);
  return {
    outputs: classCount,
    baseline(targets) {
      const counts = new Float64Array(classCount);
      for (let i = 0; i < targets.length; i++) counts[targets[i]]++;
      return counts.map((count) =>
        Math.log(Math.max(EPSILON, count / Math.max(1, targets.length)))
      );
    },
    gradients(raw, targets, pairs) {
      const rows = targets.length;
      let sum = 0;
      for (let i = 0; i < rows; i++) {
        softmaxInto(raw, i * classCount, classCount, probabilities);
        for (let k = 0; k < classCount; k++) {
          const p = probabilities[k];
          const at = 2 * (k * rows + i);
          pairs[at] = p - (targets[i] === k ? 1 : 0);
          pairs[at + 1] = p * (1 - p);
        }
        sum -= Math.log(Math.max(EPSILON, probabilities[targets[i]]));
      }
      return rows === 0 ? 0 : sum / rows;
    },
    loss(raw, targets) {
      let sum = 0;
      for (let i = 0; i < targets.length; i++) {
        softmaxInto(raw, i * classCount, classCount, probabilities);
        sum -= Math.log(Math.max(EPSILON, probabilities[targets[i]]));
      }
      return targets.length === 0 ? 0 : sum / targets.length;
    },
  };
}

/** Softmax of `count` raw scores from `offset` into `into`. */
export function softmaxInto(
  raw: ArrayLike<number>,
  offset: number,
  count: number,
  into: Float64Array,
): void {
  let largest = -Infinity;
  for (let k = 0; k < count; k++) largest = Math.max(largest, raw[offset + k]);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    into[k] = Math.exp(raw[offset + k] - largest);
    sum += into[k];
  }
  for (let k = 0; k < count; k++) into[k] /= sum;
}

/**
 * Class probabilities from raw scores (`outputs` per row): the logistic of
 * the single score for two classes, the softmax otherwise. Row-major,
 * `classCount` per row.
 */
export function probabilitiesOf(raw: Float64Array, rows: number, classCount: number): Float64Array {
  const out = new Float64Array(rows * classCount);
  if (classCount === 2) {
    for (let i = 0; i < rows; i++) {
      const p = sigmoid(raw[i]);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  const probabilities = new Float64Array(classCount);
  for (let i = 0; i < rows; i++) {
    softmaxInto(raw, i * classCount, classCount, probabilities);
    out.set(probabilities, i * classCount);
  }
  return out;
}
