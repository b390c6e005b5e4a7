/**
 * The training loop shared by the MLP classifier and the MLP regressor:
 * standardised inputs, one hidden ReLU layer, an output layer whose
 * activation and loss come from a {@link NetworkHead} (softmax with
 * cross-entropy, or identity with squared error); an L2 penalty on the
 * weights, Adam on seeded mini-batches, and early stopping on a validation
 * split (training stops once the validation loss has not improved for
 * `patience` epochs; the best epoch's weights are kept). Inputs that are
 * zero (hashed text is sparse) are skipped, so wide text features stay
 * cheap. Deterministic for a given seed.
 *
 * @module
 */
import type { FeatureMatrix } from "./feature_matrix.ts";
import { seededRandom, shuffleInPlace } from "./random.ts";
import type { TrainingStep } from "./training_curve.ts";

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

/** Smallest drop of the validation loss that counts as progress for early stopping. */
export const MIN_IMPROVEMENT = 1e-3;

/** The weights of a network: `w1` [inputs, hidden], `b1`, `w2` [hidden, outputs], `b2`. */
export interface NetworkWeights {
  /** First layer weights, row-major. */
  readonly w1: Float64Array;
  /** First layer biases. */
  readonly b1: Float64Array;
  /** Output layer weights, row-major. */
  readonly w2: Float64Array;
  /** Output biases. */
  readonly b2: Float64Array;
}

/** What the output layer does: its width, activation, loss and validation figures. */
export interface NetworkHead {
  /** Output units. */
  readonly outputs: number;
  /** Turns one row's linear outputs (at `offset`) into the head's outputs, in place. */
  activate(values: Float64Array, offset: number): void;
  /**
   * The loss of training row `row` given its activated outputs at `offset`;
   * writes the loss's derivative by each linear output into `residual`.
   */
  lossAndResidual(
    values: Float64Array,
    offset: number,
    row: number,
    residual: Float64Array,
  ): number;
  /** Validation loss (lower is better) and score of the validation rows' activated outputs. */
  validate(values: Float64Array): { readonly loss: number; readonly score: number };
}

/** How a network fit ended, with its learning curve. */
export interface NetworkFit {
  /** The kept (best epoch's) weights. */
  readonly weights: NetworkWeights;
  /** Epochs run. */
  readonly epochs: number;
  /** The epoch whose weights were kept. */
  readonly bestEpoch: number;
  /** True when early stopping ended the fit before `maxEpochs`. */
  readonly stoppedEarly: boolean;
  /** Mean training loss per epoch. */
  readonly loss: readonly number[];
  /** Validation score per epoch. */
  readonly validationScore: readonly number[];
}

/**
 * Fits a network of `featureCount` inputs on the `rowCount` standardised
 * rows `inputs` and early-stops on `validationInputs`. `head` knows the
 * targets; `onStep` hears every epoch (its score named `metric` when given).
 */
export function trainNetwork(
  inputs: FeatureMatrix,
  rowCount: number,
  validationInputs: FeatureMatrix,
  featureCount: number,
  head: NetworkHead,
  hyper: MlpHyperParameters,
  seed: number,
  onStep?: (step: TrainingStep) => void,
  metric?: string,
): NetworkFit {
  const hidden = hyper.hiddenUnits;
  const outputCount = head.outputs;
  const random = seededRandom(seed);
  const uniform = (limit: number) => (random() * 2 - 1) * limit;
  const params: NetworkWeights = {
    w1: Float64Array.from(
      { length: featureCount * hidden },
      () => uniform(Math.sqrt(6 / (featureCount + hidden))),
    ),
    b1: new Float64Array(hidden),
    w2: Float64Array.from(
      { length: hidden * outputCount },
      () => uniform(Math.sqrt(6 / (hidden + outputCount))),
    ),
    b2: new Float64Array(outputCount),
  };
  const tensors = [params.w1, params.b1, params.w2, params.b2];
  const grads = tensors.map((t) => new Float64Array(t.length));
  const moment1 = tensors.map((t) => new Float64Array(t.length));
  const moment2 = tensors.map((t) => new Float64Array(t.length));
  const beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  let adamStep = 0;

  const activeInputs: number[] = [];
  for (let f = 0; f < featureCount; f++) {
    for (let row = 0; row < rowCount; row++) {
      if (inputs[row * featureCount + f] !== 0) {
        activeInputs.push(f);
        break;
      }
    }
  }
  const order = Array.from({ length: rowCount }, (_, i) => i);
  const activations = new Float64Array(hyper.batchSize * hidden);
  const outputs = new Float64Array(hyper.batchSize * outputCount);
  const residual = new Float64Array(outputCount);
  const hiddenGrad = new Float64Array(hidden);
  let best = { loss: Infinity, epoch: 0, weights: tensors.map((t) => t.slice()) };
  const loss: number[] = [];
  const validationScore: number[] = [];
  const validationRows = validationInputs.length / featureCount;
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
          inputs,
          row,
          featureCount,
          hidden,
          head,
          activations,
          b * hidden,
          outputs,
          b * outputCount,
        );
        epochLoss += head.lossAndResidual(outputs, b * outputCount, row, residual);
        // Output layer gradients.
        hiddenGrad.fill(0);
        for (let c = 0; c < outputCount; c++) {
          const r = residual[c];
          grads[3][c] += r;
          for (let h = 0; h < hidden; h++) {
            const a = activations[b * hidden + h];
            grads[2][h * outputCount + c] += r * a;
            hiddenGrad[h] += r * params.w2[h * outputCount + c];
          }
        }
        // Hidden layer gradients (ReLU), skipping zero inputs.
        const offset = row * featureCount;
        for (let h = 0; h < hidden; h++) {
          if (activations[b * hidden + h] <= 0) hiddenGrad[h] = 0;
          grads[1][h] += hiddenGrad[h];
        }
        for (let f = 0; f < featureCount; f++) {
          const x = inputs[offset + f];
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
    const validated = head.validate(
      forwardNetwork(params, validationInputs, validationRows, featureCount, hidden, head),
    );
    loss.push(epochLoss / rowCount);
    validationScore.push(validated.score);
    onStep?.({
      unit: "epoch",
      step: epoch,
      maxSteps: hyper.maxEpochs,
      loss: epochLoss / rowCount,
      validationAccuracy: validated.score,
      ...(metric === undefined ? {} : { metric }),
    });
    if (validated.loss < best.loss - MIN_IMPROVEMENT) {
      best = { loss: validated.loss, epoch, weights: tensors.map((t) => t.slice()) };
      stale = 0;
    } else {
      stale++;
    }
  }
  const [w1, b1, w2, b2] = best.weights;
  return {
    weights: { w1, b1, w2, b2 },
    epochs: epoch,
    bestEpoch: best.epoch,
    stoppedEarly: epoch < hyper.maxEpochs,
    loss,
    validationScore,
  };
}

/** One row's forward pass: ReLU activations and activated outputs written at the given offsets. */
function forwardRow(
  params: NetworkWeights,
  inputs: FeatureMatrix,
  row: number,
  featureCount: number,
  hidden: number,
  head: NetworkHead,
  activations: Float64Array,
  activationOffset: number,
  outputs: Float64Array,
  outputOffset: number,
): void {
  const outputCount = head.outputs;
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
  for (let c = 0; c < outputCount; c++) {
    let z = params.b2[c];
    for (let h = 0; h < hidden; h++) {
      z += activations[activationOffset + h] * params.w2[h * outputCount + c];
    }
    outputs[outputOffset + c] = z;
  }
  head.activate(outputs, outputOffset);
}

/** Activated outputs of `rowCount` standardised rows, row-major. */
export function forwardNetwork(
  params: NetworkWeights,
  inputs: FeatureMatrix,
  rowCount: number,
  featureCount: number,
  hidden: number,
  head: NetworkHead,
): Float64Array {
  const out = new Float64Array(rowCount * head.outputs);
  const activations = new Float64Array(hidden);
  for (let row = 0; row < rowCount; row++) {
    forwardRow(
      params,
      inputs,
      row,
      featureCount,
      hidden,
      head,
      activations,
      0,
      out,
      row * head.outputs,
    );
  }
  return out;
}
