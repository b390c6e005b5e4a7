/**
 * A small multi-layer perceptron classifier: standardised inputs, one hidden
 * ReLU layer, a softmax output; cross-entropy with an L2 penalty on the
 * weights, fitted with Adam on seeded mini-batches, with early stopping on a
 * validation split (training stops once the validation loss has not improved
 * for `patience` epochs; the best epoch's weights are kept).
 * Inputs that are zero (hashed text is sparse) are skipped, so wide text
 * features stay cheap. Deterministic for a given seed.
 *
 * @module
 */
import { seededRandom, shuffleInPlace } from "./random.ts";
import type { Standardizer } from "./standardizer.ts";
import { accuracyOf, type TrainingCurve, type TrainingStep } from "./training_curve.ts";

/** Hyper-parameters of the MLP fit. */
export interface MlpHyperParameters {
  /** Hidden ReLU units. */
  readonly hiddenUnits: number;
  /** Adam step size. */
  readonly learningRate: number;
  /** Rows per mini-batch. */
  readonly batchSize: number;
  /** L2 penalty on the weights (per row, as scikit-learn's `alpha`). */
  readonly l2: number;
  /** Most epochs. */
  readonly maxEpochs: number;
  /** Stop after this many epochs without a lower validation loss. */
  readonly patience: number;
}

/** The defaults the trainer uses. */
export const MLP_DEFAULTS: MlpHyperParameters = {
  hiddenUnits: 64,
  learningRate: 0.003,
  batchSize: 32,
  l2: 1e-4,
  maxEpochs: 200,
  patience: 15,
};

/** Smallest drop of the validation loss that counts as progress for early stopping. */
export const MIN_IMPROVEMENT = 1e-3;

/** A fitted MLP. */
export interface MlpModel {
  /** Number of (encoded) inputs. */
  readonly featureCount: number;
  /** Hidden units. */
  readonly hiddenUnits: number;
  /** Classes. */
  readonly classCount: number;
  /** Standardisation of the inputs. */
  readonly standardizer: Standardizer;
  /** First layer weights, `featureCount * hiddenUnits`, row-major. */
  readonly w1: Float64Array;
  /** First layer biases. */
  readonly b1: Float64Array;
  /** Output layer weights, `hiddenUnits * classCount`, row-major. */
  readonly w2: Float64Array;
  /** Output biases. */
  readonly b2: Float64Array;
}

/** How the MLP fit ended. */
export interface MlpSummary {
  /** Epochs run. */
  readonly epochs: number;
  /** The epoch whose weights were kept. */
  readonly bestEpoch: number;
  /** True when early stopping ended the fit before `maxEpochs`. */
  readonly stoppedEarly: boolean;
}

/** Standardised rows and their class indices. */
export interface FitRows {
  /** Row-major standardised inputs. */
  readonly inputs: Float64Array;
  /** Class index per row. */
  readonly targets: Int32Array;
}

/**
 * Fits the MLP on `train` and early-stops on `validation` (both already
 * standardised with `standardizer`). `onStep` hears every epoch.
 */
export function fitMlp(
  train: FitRows,
  validation: FitRows,
  classCount: number,
  standardizer: Standardizer,
  hyper: MlpHyperParameters,
  seed: number,
  onStep?: (step: TrainingStep) => void,
): { model: MlpModel; summary: MlpSummary; curve: TrainingCurve } {
  const featureCount = standardizer.mean.length;
  const hidden = hyper.hiddenUnits;
  const random = seededRandom(seed);
  const uniform = (limit: number) => (random() * 2 - 1) * limit;
  const params = {
    w1: Float64Array.from(
      { length: featureCount * hidden },
      () => uniform(Math.sqrt(6 / (featureCount + hidden))),
    ),
    b1: new Float64Array(hidden),
    w2: Float64Array.from(
      { length: hidden * classCount },
      () => uniform(Math.sqrt(6 / (hidden + classCount))),
    ),
    b2: new Float64Array(classCount),
  };
  const tensors = [params.w1, params.b1, params.w2, params.b2];
  const grads = tensors.map((t) => new Float64Array(t.length));
  const moment1 = tensors.map((t) => new Float64Array(t.length));
  const moment2 = tensors.map((t) => new Float64Array(t.length));
  const beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  let adamStep = 0;

  const rowCount = train.targets.length;
  const activeInputs: number[] = [];
  for (let f = 0; f < featureCount; f++) {
    for (let row = 0; row < rowCount; row++) {
      if (train.inputs[row * featureCount + f] !== 0) {
        activeInputs.push(f);
        break;
      }
    }
  }
  const order = Array.from({ length: rowCount }, (_, i) => i);
  const activations = new Float64Array(hyper.batchSize * hidden);
  const outputs = new Float64Array(hyper.batchSize * classCount);
  const hiddenGrad = new Float64Array(hidden);
  let best = { score: -1, loss: Infinity, epoch: 0, weights: tensors.map((t) => t.slice()) };
  const loss: number[] = [];
  const validationAccuracy: number[] = [];
  let epoch = 0;
  let stale = 0;
  while (epoch < hyper.maxEpochs && stale < hyper.patience) {
    epoch++;
    shuffleInPlace(order, random);
    let epochLoss = 0;
    for (let start = 0; start < rowCount; start += hyper.batchSize) {
      const batch = order.slice(start, start + hyper.batchSize);
      for (const g of grads) g.fill(0);
      batch.forEach((row, b) => {
        forwardRow(
          params,
          train.inputs,
          row,
          featureCount,
          hidden,
          classCount,
          activations,
          b * hidden,
          outputs,
          b * classCount,
        );
        const target = train.targets[row];
        epochLoss -= Math.log(Math.max(outputs[b * classCount + target], 1e-300));
        // Output layer gradients.
        hiddenGrad.fill(0);
        for (let c = 0; c < classCount; c++) {
          const residual = outputs[b * classCount + c] - (c === target ? 1 : 0);
          grads[3][c] += residual;
          for (let h = 0; h < hidden; h++) {
            const a = activations[b * hidden + h];
            grads[2][h * classCount + c] += residual * a;
            hiddenGrad[h] += residual * params.w2[h * classCount + c];
          }
        }
        // Hidden layer gradients (ReLU), skipping zero inputs.
        const offset = row * featureCount;
        for (let h = 0; h < hidden; h++) {
          if (activations[b * hidden + h] <= 0) hiddenGrad[h] = 0;
          grads[1][h] += hiddenGrad[h];
        }
        for (let f = 0; f < featureCount; f++) {
          const x = train.inputs[offset + f];
          if (x === 0) continue;
          const base = f * hidden;
          for (let h = 0; h < hidden; h++) grads[0][base + h] += x * hiddenGrad[h];
        }
      });
      const scale = 1 / batch.length;
      adamStep++;
      const correction1 = 1 - beta1 ** adamStep;
      const correction2 = 1 - beta2 ** adamStep;
      const update = (t: number, from: number, to: number) => {
        const tensor = tensors[t], g = grads[t], m = moment1[t], v = moment2[t];
        const penalised = t === 0 || t === 2;
        for (let i = from; i < to; i++) {
          const gradient = g[i] * scale + (penalised ? hyper.l2 * tensor[i] / rowCount : 0);
          m[i] = beta1 * m[i] + (1 - beta1) * gradient;
          v[i] = beta2 * v[i] + (1 - beta2) * gradient * gradient;
          tensor[i] -= hyper.learningRate * (m[i] / correction1) /
            (Math.sqrt(v[i] / correction2) + epsilon);
        }
      };
      // An input that is zero in every training row never moves its weights
      // (zero gradient, zero moments, and the penalty only shrinks what moved).
      for (const f of activeInputs) update(0, f * hidden, (f + 1) * hidden);
      for (let t = 1; t < tensors.length; t++) update(t, 0, tensors[t].length);
    }
    const model = modelOf(params, featureCount, hidden, classCount, standardizer);
    const validationProbabilities = forwardRows(
      model,
      validation.inputs,
      validation.targets.length,
    );
    const score = accuracyOf(validationProbabilities, validation.targets, classCount);
    const validationLoss = crossEntropy(validationProbabilities, validation.targets, classCount);
    loss.push(epochLoss / rowCount);
    validationAccuracy.push(score);
    onStep?.({
      unit: "epoch",
      step: epoch,
      maxSteps: hyper.maxEpochs,
      loss: epochLoss / rowCount,
      validationAccuracy: score,
    });
    if (validationLoss < best.loss - MIN_IMPROVEMENT) {
      best = { score, loss: validationLoss, epoch, weights: tensors.map((t) => t.slice()) };
      stale = 0;
    } else {
      stale++;
    }
  }
  const [w1, b1, w2, b2] = best.weights;
  return {
    model: { featureCount, hiddenUnits: hidden, classCount, standardizer, w1, b1, w2, b2 },
    summary: { epochs: epoch, bestEpoch: best.epoch, stoppedEarly: epoch < hyper.maxEpochs },
    curve: {
      unit: "epoch",
      loss,
      validationAccuracy,
      validationRows: `${validation.targets.length} validation rows split off the training rows`,
    },
  };
}

function modelOf(
  params: { w1: Float64Array; b1: Float64Array; w2: Float64Array; b2: Float64Array },
  featureCount: number,
  hiddenUnits: number,
  classCount: number,
  standardizer: Standardizer,
): MlpModel {
  return { featureCount, hiddenUnits, classCount, standardizer, ...params };
}

/** One row's forward pass: ReLU activations and softmax outputs written at the given offsets. */
function forwardRow(
  params: { w1: Float64Array; b1: Float64Array; w2: Float64Array; b2: Float64Array },
  inputs: Float64Array,
  row: number,
  featureCount: number,
  hidden: number,
  classCount: number,
  activations: Float64Array,
  activationOffset: number,
  outputs: Float64Array,
  outputOffset: number,
): void {
  const offset = row * featureCount;
  for (let h = 0; h < hidden; h++) activations[activationOffset + h] = params.b1[h];
  for (let f = 0; f < featureCount; f++) {
    const x = inputs[offset + f];
    if (x === 0) continue;
    const base = f * hidden;
    for (let h = 0; h < hidden; h++) activations[activationOffset + h] += x * params.w1[base + h];
  }
  for (let h = 0; h < hidden; h++) {
    if (activations[activationOffset + h] < 0) activations[activationOffset + h] = 0;
  }
  let largest = -Infinity;
  for (let c = 0; c < classCount; c++) {
    let z = params.b2[c];
    for (let h = 0; h < hidden; h++) {
      z += activations[activationOffset + h] * params.w2[h * classCount + c];
    }
    outputs[outputOffset + c] = z;
    if (z > largest) largest = z;
  }
  let total = 0;
  for (let c = 0; c < classCount; c++) {
    outputs[outputOffset + c] = Math.exp(outputs[outputOffset + c] - largest);
    total += outputs[outputOffset + c];
  }
  for (let c = 0; c < classCount; c++) outputs[outputOffset + c] /= total;
}

/** Class probabilities of `rowCount` standardised rows, row-major. */
function forwardRows(model: MlpModel, inputs: Float64Array, rowCount: number): Float64Array {
  const out = new Float64Array(rowCount * model.classCount);
  const activations = new Float64Array(model.hiddenUnits);
  for (let row = 0; row < rowCount; row++) {
    forwardRow(
      model,
      inputs,
      row,
      model.featureCount,
      model.hiddenUnits,
      model.classCount,
      activations,
      0,
      out,
      row * model.classCount,
    );
  }
  return out;
}

function crossEntropy(probabilities: Float64Array, targets: Int32Array, classCount: number) {
  let total = 0;
  targets.forEach((target, row) => {
    total -= Math.log(Math.max(probabilities[row * classCount + target], 1e-300));
  });
  return targets.length > 0 ? total / targets.length : 0;
}

/**
 * The trainer's own forward pass over the listed rows of raw (encoded,
 * unstandardised) `features`: `rows.length * classCount` probabilities,
 * row-major, in double precision.
 */
export function predictMlpProbabilities(
  model: MlpModel,
  features: Float64Array,
  rows: readonly number[],
): Float64Array {
  const { featureCount, standardizer } = model;
  const standardized = new Float64Array(rows.length * featureCount);
  rows.forEach((row, index) => {
    for (let f = 0; f < featureCount; f++) {
      standardized[index * featureCount + f] =
        (features[row * featureCount + f] - standardizer.mean[f]) / standardizer.scale[f];
    }
  });
  return forwardRows(model, standardized, rows.length);
}
