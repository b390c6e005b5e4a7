/**
 * Finds a node's best split from its histogram: for every active feature
 * and every bin boundary, the second-order gain
 * `GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ)` of sending the lower bins left,
 * with the node's missing values tried on both sides when it has any (and
 * sent to the larger child when it has none, as scikit-learn does). Splits
 * leaving a child with fewer than `minSamplesLeaf` rows or a hessian sum
 * below `minHessian` are not considered. Ties keep the first feature and
 * bin, so the choice is deterministic.
 *
 * @module
 */
import type { BinMapper } from "./bin_mapper.ts";
import { SLOT_FIELDS } from "./histogram.ts";

/** Limits on a split. */
export interface SplitParameters {
  /** Fewest rows in either child. */
  readonly minSamplesLeaf: number;
  /** L2 penalty λ on the leaf values. */
  readonly l2Regularization: number;
  /** Smallest hessian sum in either child. */
  readonly minHessian: number;
  /** A split must gain more than this. */
  readonly minSplitGain: number;
}

/** Gradient sum, hessian sum and row count of a set of rows. */
export interface NodeTotals {
  /** Sum of the gradients. */
  readonly gradient: number;
  /** Sum of the hessians. */
  readonly hessian: number;
  /** Rows. */
  readonly count: number;
}

/** The best split of a node. */
export interface SplitChoice {
  /** Gain of the split. */
  readonly gain: number;
  /** Active feature index (see BinMapper.features). */
  readonly feature: number;
  /** Bins `0..bin` (of the present values) go left. */
  readonly bin: number;
  /** Whether missing values go left. */
  readonly missingLeft: boolean;
  /** Sums of the left child. */
  readonly left: NodeTotals;
  /** Sums of the right child. */
  readonly right: NodeTotals;
}

/**
 * The best split of the node whose histogram is `histogram` and whose sums
 * are `totals`, or undefined when no split satisfies the limits.
 */
export function findBestSplit(
  histogram: Float64Array,
  mapper: BinMapper,
  totals: NodeTotals,
  parameters: SplitParameters,
): SplitChoice | undefined {
  const { minSamplesLeaf, minHessian } = parameters;
  const lambda = parameters.l2Regularization;
  const { gradient: g, hessian: h, count: c } = totals;
  const parentScore = (g * g) / (h + lambda);
  let bestGain = parameters.minSplitGain;
  let bestFeature = -1;
  let bestBin = 0;
  let bestMissingLeft = false;
  let bestG = 0;
  let bestH = 0;
  let bestC = 0;
  const features = mapper.features.length;
  for (let feature = 0; feature < features; feature++) {
    const bins = mapper.binCounts[feature];
    const offset = mapper.slotOffsets[feature] * SLOT_FIELDS;
    const missing = offset + bins * SLOT_FIELDS;
    const mg = histogram[missing];
    const mh = histogram[missing + 1];
    const mc = histogram[missing + 2];
    let lg = 0;
    let lh = 0;
    let lc = 0;
    for (let bin = 0; bin < bins; bin++) {
      const at = offset + bin * SLOT_FIELDS;
      lg += histogram[at];
      lh += histogram[at + 1];
      lc += histogram[at + 2];
      if (mc === 0 && bin === bins - 1) break;
      for (let side = 0; side < (mc > 0 ? 2 : 1); side++) {
        const leftG = side === 1 ? lg + mg : lg;
        const leftH = side === 1 ? lh + mh : lh;
        const leftC = side === 1 ? lc + mc : lc;
        const rightC = c - leftC;
        if (leftC < minSamplesLeaf || rightC < minSamplesLeaf) continue;
        const rightH = h - leftH;
        if (leftH < minHessian || rightH < minHessian) continue;
        const rightG = g - leftG;
        const gain = (leftG * leftG) / (leftH + lambda) + (rightG * rightG) / (rightH + lambda) -
          parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = feature;
          bestBin = bin;
          bestMissingLeft = mc > 0 ? side === 1 : leftC >= rightC;
          bestG = leftG;
          bestH = leftH;
          bestC = leftC;
        }
      }
    }
  }
  if (bestFeature < 0) return undefined;
  return {
    gain: bestGain,
    feature: bestFeature,
    bin: bestBin,
    missingLeft: bestMissingLeft,
    left: { gradient: bestG, hessian: bestH, count: bestC },
    right: { gradient: g - bestG, hessian: h - bestH, count: c - bestC },
  };
}
