/**
 * Feature standardisation: per-feature mean and standard deviation measured
 * on the training rows only, so the holdout rows stay unseen. A feature that
 * never varies gets a scale of 1 instead of 0.
 *
 * @module
 */
import { type FeatureMatrix, matrixLike } from "./feature_matrix.ts";

/** Per-feature centre and scale. */
export interface Standardizer {
  /** Mean of each feature over the training rows. */
  readonly mean: Float64Array;
  /** Population standard deviation of each feature (1 where it is 0). */
  readonly scale: Float64Array;
}

/**
 * Measures mean and population standard deviation of each of `featureCount`
 * columns of the row-major `features`, over the rows listed in `rows`.
 */
export function fitStandardizer(
  features: FeatureMatrix,
  featureCount: number,
  rows: readonly number[],
): Standardizer {
  const mean = new Float64Array(featureCount);
  const scale = new Float64Array(featureCount);
  for (const row of rows) {
    for (let f = 0; f < featureCount; f++) mean[f] += features[row * featureCount + f];
  }
  for (let f = 0; f < featureCount; f++) mean[f] /= rows.length;
  for (const row of rows) {
    for (let f = 0; f < featureCount; f++) {
      const centred = features[row * featureCount + f] - mean[f];
      scale[f] += centred * centred;
    }
  }
  for (let f = 0; f < featureCount; f++) {
    const deviation = Math.sqrt(scale[f] / rows.length);
    scale[f] = deviation > 0 ? deviation : 1;
  }
  return { mean, scale };
}

/**
 * Returns the standardised copy of the listed rows, row-major
 * (`rows.length * featureCount` values), in the precision of `features`.
 */
export function standardizeRows(
  standardizer: Standardizer,
  features: FeatureMatrix,
  featureCount: number,
  rows: readonly number[],
): FeatureMatrix {
  const out = matrixLike(features, rows.length * featureCount);
  rows.forEach((row, index) => {
    for (let f = 0; f < featureCount; f++) {
      out[index * featureCount + f] = (features[row * featureCount + f] - standardizer.mean[f]) /
        standardizer.scale[f];
    }
  });
  return out;
}
