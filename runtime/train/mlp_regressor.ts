/**
 * The MLP as a regressor: the same network and loop as the classifier
 * (mlp_network.ts) with one linear output and the squared error
 * `(output - target)^2 / 2` on the standardised target; early stopping
 * watches the validation rows' mean squared error, and the curve records
 * their R².
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
import type { MlpSummary } from "./mlp.ts";
import { regressionMetrics } from "./regression_metrics.ts";
import type { RegressionRows, TargetScaler } from "./ridge_regression.ts";
import type { Standardizer } from "./standardizer.ts";
import type { TrainingCurve, TrainingStep } from "./training_curve.ts";

/** A fitted MLP regressor. */
export interface MlpRegressorModel {
  /** Number of (encoded) inputs. */
  readonly featureCount: number;
  /** Hidden units. */
  readonly hiddenUnits: number;
  /** Standardisation of the inputs. */
  readonly standardizer: Standardizer;
  /** First layer weights, `featureCount * hiddenUnits`, row-major. */
  readonly w1: Float64Array;
  /** First layer biases. */
  readonly b1: Float64Array;
  /** Output layer weights, `hiddenUnits` values. */
  readonly w2: Float64Array;
  /** Output bias (one value). */
  readonly b2: Float64Array;
  /** How the raw output becomes the target: `raw * scale + mean`. */
  readonly target: TargetScaler;
}

/** The identity head with squared error against standardised `targets`. */
function squaredErrorHead(targets: Float64Array, validationTargets: Float64Array): NetworkHead {
  return {
    outputs: 1,
    activate() {},
    lossAndResidual(values, offset, row, residual) {
      const error = values[offset] - targets[row];
      residual[0] = error;
      return 0.5 * error * error;
    },
    validate(values) {
      let squared = 0;
      for (let i = 0; i < validationTargets.length; i++) {
        squared += (values[i] - validationTargets[i]) ** 2;
      }
      return {
        loss: validationTargets.length > 0 ? (0.5 * squared) / validationTargets.length : 0,
        score: regressionMetrics(validationTargets, values).r2,
      };
    },
  };
}

/**
 * Fits the MLP regressor on `train` and early-stops on `validation` (inputs
 * standardised with `standardizer`, targets with `target`).
 */
export function fitMlpRegressor(
  train: RegressionRows,
  validation: RegressionRows,
  standardizer: Standardizer,
  target: TargetScaler,
  hyper: MlpHyperParameters,
  seed: number,
  onStep?: (step: TrainingStep) => void,
): { model: MlpRegressorModel; summary: MlpSummary; curve: TrainingCurve } {
  const featureCount = standardizer.mean.length;
  const fit = trainNetwork(
    train.inputs,
    train.targets.length,
    validation.inputs,
    featureCount,
    squaredErrorHead(train.targets, validation.targets),
    hyper,
    seed,
    onStep,
    "R²",
  );
  return {
    model: { featureCount, hiddenUnits: hyper.hiddenUnits, standardizer, ...fit.weights, target },
    summary: { epochs: fit.epochs, bestEpoch: fit.bestEpoch, stoppedEarly: fit.stoppedEarly },
    curve: {
      unit: "epoch",
      loss: fit.loss,
      validationAccuracy: fit.validationScore,
      validationRows: `${validation.targets.length} validation rows split off the training rows`,
      metric: "R²",
    },
  };
}

/**
 * The trainer's own forward pass: the predicted target (in its unit) of each
 * listed row of the raw (encoded, unstandardised) row-major `features`.
 */
export function predictMlpRegressor(
  model: MlpRegressorModel,
  features: FeatureMatrix,
  rows: readonly number[],
): Float64Array {
  const { featureCount, standardizer, target } = model;
  const standardized = new Float64Array(rows.length * featureCount);
  rows.forEach((row, index) => {
    for (let f = 0; f < featureCount; f++) {
      standardized[index * featureCount + f] =
        (features[row * featureCount + f] - standardizer.mean[f]) / standardizer.scale[f];
    }
  });
  const head = squaredErrorHead(new Float64Array(0), new Float64Array(0));
  const raw = forwardNetwork(
    model,
    standardized,
    rows.length,
    featureCount,
    model.hiddenUnits,
    head,
  );
  return raw.map((value) => value * target.scale + target.mean);
}
