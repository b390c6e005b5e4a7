/**
 * A small multi-layer perceptron classifier: standardised inputs, one hidden
 * ReLU layer, a softmax output; cross-entropy with an L2 penalty on the
 * weights, fitted with Adam on seeded mini-batches with early stopping
 * (the loop is mlp_network.ts, shared with the MLP regressor).
 * Deterministic for a given seed.
 *
 * @module
 */
import type { FeatureMatrix } from "./feature_matrix.ts";
import {
  forwardNetwork,
  type MlpHyperParameters,
  type NetworkHead,
  trainNetwork,
} from "./mlp_network.ts";
import type { Standardizer } from "./standardizer.ts";
import { accuracyOf, type TrainingCurve, type TrainingStep } from "./training_curve.ts";

export { MIN_IMPROVEMENT, type MlpHyperParameters } from "./mlp_network.ts";

/** The defaults the trainer uses. */
export const MLP_DEFAULTS: MlpHyperParameters = {
  hiddenUnits: 64,
  learningRate: 0.003,
  batchSize: 32,
  l2: 1e-4,
  maxEpochs: 200,
  patience: 15,
};

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
  readonly inputs: FeatureMatrix;
  /** Class index per row. */
  readonly targets: Int32Array;
}

/** The softmax head over `classCount` classes; `targets` are the training rows' classes. */
function softmaxHead(
  classCount: number,
  targets: Int32Array,
  validationTargets: Int32Array,
): NetworkHead {
  return {
    outputs: classCount,
    activate(values, offset) {
      let largest = -Infinity;
      for (let c = 0; c < classCount; c++) {
        if (values[offset + c] > largest) largest = values[offset + c];
      }
      let total = 0;
      for (let c = 0; c < classCount; c++) {
        values[offset + c] = Math.exp(values[offset + c] - largest);
        total += values[offset + c];
      }
      for (let c = 0; c < classCount; c++) values[offset + c] /= total;
    },
    lossAndResidual(values, offset, row, residual) {
      const target = targets[row];
      for (let c = 0; c < classCount; c++) {
        residual[c] = values[offset + c] - (c === target ? 1 : 0);
      }
      return -Math.log(Math.max(values[offset + target], 1e-300));
    },
    validate(values) {
      return {
        loss: crossEntropy(values, validationTargets, classCount),
        score: accuracyOf(values, validationTargets, classCount),
      };
    },
  };
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
  const fit = trainNetwork(
    train.inputs,
    train.targets.length,
    validation.inputs,
    featureCount,
    softmaxHead(classCount, train.targets, validation.targets),
    hyper,
    seed,
    onStep,
  );
  return {
    model: {
      featureCount,
      hiddenUnits: hyper.hiddenUnits,
      classCount,
      standardizer,
      ...fit.weights,
    },
    summary: { epochs: fit.epochs, bestEpoch: fit.bestEpoch, stoppedEarly: fit.stoppedEarly },
    curve: {
      unit: "epoch",
      loss: fit.loss,
      validationAccuracy: fit.validationScore,
      validationRows: `${validation.targets.length} validation rows split off the training rows`,
    },
  };
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
  features: FeatureMatrix,
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
  const head = softmaxHead(model.classCount, new Int32Array(0), new Int32Array(0));
  return forwardNetwork(model, standardized, rows.length, featureCount, model.hiddenUnits, head);
}
