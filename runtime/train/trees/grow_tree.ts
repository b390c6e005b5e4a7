/**
 * Grows one regression tree on binned rows from per-row gradient/hessian
 * pairs, leaf-wise (best-first, as LightGBM and scikit-learn's
 * HistGradientBoosting do): the leaf with the largest split gain is split
 * next, until `maxLeaves` leaves, `maxDepth`, `minSamplesLeaf` or the lack
 * of a gainful split stop it. Each split partitions the node's rows in place
 * (stably, so rows stay in ascending order), builds the histogram of the
 * smaller child only and gets the larger one by subtraction from the
 * parent's. A leaf outputs `−learningRate · G / (H + λ)`, rounded to float32
 * (the precision the exported model stores). No allocation per row: the
 * workspace's buffers are reused from tree to tree.
 *
 * @module
 */
import type { BinMapper, BinnedRows } from "./bin_mapper.ts";
import { buildHistogram, newHistogram, subtractHistogram } from "./histogram.ts";
import type { RegressionTree } from "./regression_tree.ts";
import {
  findBestSplit,
  type NodeTotals,
  type SplitChoice,
  type SplitParameters,
} from "./split_finder.ts";

/** Settings of one tree. */
export interface GrowParameters extends SplitParameters {
  /** Most leaves. */
  readonly maxLeaves: number;
  /** Deepest leaf (the root has depth 0); 0 for no limit. */
  readonly maxDepth: number;
  /** Shrinkage applied to every leaf output. */
  readonly learningRate: number;
}

/** Buffers reused across the trees of one fit. */
export interface GrowWorkspace {
  /** The binned rows' indices, partitioned by leaf as a tree grows. */
  readonly rows: Uint32Array;
  /** Scratch space for the partition. */
  readonly scratch: Uint32Array;
  /** Free histograms. */
  readonly histograms: Float64Array[];
}

/** A grown tree and, per node, the segment `[start, end)` of `workspace.rows` it holds. */
export interface GrownTree {
  /** The tree. */
  readonly tree: RegressionTree;
  /** First position of each node's rows in the workspace's `rows`. */
  readonly start: Int32Array;
  /** One past the last position of each node's rows. */
  readonly end: Int32Array;
}

/** A workspace for trees over `binned`. */
export function newGrowWorkspace(binned: BinnedRows): GrowWorkspace {
  return {
    rows: new Uint32Array(binned.rowCount),
    scratch: new Uint32Array(binned.rowCount),
    histograms: [],
  };
}

/** A leaf that may still be split. */
interface Candidate {
  readonly node: number;
  readonly histogram: Float64Array;
  readonly split: SplitChoice;
}

/**
 * Grows a tree over all rows of `binned` from `pairs` (each binned row's
 * gradient at `2 * row`, its hessian at `2 * row + 1`).
 */
export function growTree(
  mapper: BinMapper,
  binned: BinnedRows,
  pairs: Float64Array,
  parameters: GrowParameters,
  workspace: GrowWorkspace,
): GrownTree {
  const { rows, scratch } = workspace;
  const rowCount = binned.rowCount;
  for (let i = 0; i < rowCount; i++) rows[i] = i;
  const capacity = 2 * Math.max(1, parameters.maxLeaves) - 1;
  const feature = new Int32Array(capacity).fill(-1);
  const threshold = new Float32Array(capacity);
  const missingLeft = new Uint8Array(capacity);
  const left = new Int32Array(capacity).fill(-1);
  const right = new Int32Array(capacity).fill(-1);
  const value = new Float64Array(capacity);
  const start = new Int32Array(capacity);
  const end = new Int32Array(capacity);
  const depth = new Int32Array(capacity);
  const totals: NodeTotals[] = [];
  const take = () => workspace.histograms.pop() ?? newHistogram(mapper);
  const release = (histogram: Float64Array) => workspace.histograms.push(histogram);
  const splittable = (node: number) =>
    totals[node].count >= 2 * parameters.minSamplesLeaf &&
    (parameters.maxDepth <= 0 || depth[node] < parameters.maxDepth);
  const candidates: Candidate[] = [];
  const consider = (node: number, histogram: Float64Array) => {
    const split = splittable(node)
      ? findBestSplit(histogram, mapper, totals[node], parameters)
      : undefined;
    if (split === undefined) release(histogram);
    else candidates.push({ node, histogram, split });
  };

  let gradientSum = 0;
  let hessianSum = 0;
  for (let i = 0; i < rowCount; i++) {
    gradientSum += pairs[2 * i];
    hessianSum += pairs[2 * i + 1];
  }
  totals.push({ gradient: gradientSum, hessian: hessianSum, count: rowCount });
  end[0] = rowCount;
  let nodes = 1;
  let leaves = 1;
  if (parameters.maxLeaves > 1 && splittable(0)) {
    const histogram = take();
    buildHistogram(histogram, mapper, binned.codes, rows, 0, rowCount, pairs);
    consider(0, histogram);
  }
  while (leaves < parameters.maxLeaves && candidates.length > 0) {
    let best = 0;
    for (let i = 1; i < candidates.length; i++) {
      if (candidates[i].split.gain > candidates[best].split.gain) best = i;
    }
    const { node, histogram, split } = candidates.splice(best, 1)[0];
    const active = split.feature;
    const lastLeft = split.bin;
    const missingBin = mapper.binCounts[active];
    const missingLeftBit = split.missingLeft ? 1 : 0;
    const column = binned.columns.subarray(active * rowCount, (active + 1) * rowCount);
    // Stable, branch-free partition of the node's rows: left ones in place, right ones via scratch.
    let l = start[node];
    let r = 0;
    for (let i = start[node]; i < end[node]; i++) {
      const row = rows[i];
      const bin = column[row];
      const goesLeft = (bin <= lastLeft ? 1 : 0) | (bin === missingBin ? missingLeftBit : 0);
      rows[l] = row;
      scratch[r] = row;
      l += goesLeft;
      r += 1 - goesLeft;
    }
    rows.set(scratch.subarray(0, r), l);
    const leftNode = nodes++;
    const rightNode = nodes++;
    feature[node] = mapper.features[active];
    threshold[node] = mapper.thresholds[active][split.bin] ?? Infinity;
    missingLeft[node] = split.missingLeft ? 1 : 0;
    left[node] = leftNode;
    right[node] = rightNode;
    start[leftNode] = start[node];
    end[leftNode] = l;
    start[rightNode] = l;
    end[rightNode] = end[node];
    depth[leftNode] = depth[rightNode] = depth[node] + 1;
    totals[leftNode] = split.left;
    totals[rightNode] = split.right;
    leaves++;
    if (leaves >= parameters.maxLeaves || (!splittable(leftNode) && !splittable(rightNode))) {
      release(histogram);
      continue;
    }
    const [small, large] = split.left.count <= split.right.count
      ? [leftNode, rightNode]
      : [rightNode, leftNode];
    const smallHistogram = take();
    buildHistogram(smallHistogram, mapper, binned.codes, rows, start[small], end[small], pairs);
    subtractHistogram(histogram, smallHistogram);
    consider(leftNode, small === leftNode ? smallHistogram : histogram);
    consider(rightNode, large === rightNode ? histogram : smallHistogram);
  }
  for (const candidate of candidates) release(candidate.histogram);
  const { learningRate, l2Regularization } = parameters;
  for (let node = 0; node < nodes; node++) {
    if (feature[node] >= 0) continue;
    const { gradient, hessian } = totals[node];
    const denominator = hessian + l2Regularization;
    value[node] = denominator > 0 ? Math.fround((-learningRate * gradient) / denominator) : 0;
  }
  return {
    tree: {
      feature: feature.slice(0, nodes),
      threshold: threshold.slice(0, nodes),
      missingLeft: missingLeft.slice(0, nodes),
      left: left.slice(0, nodes),
      right: right.slice(0, nodes),
      value: value.slice(0, nodes),
    },
    start: start.subarray(0, nodes),
    end: end.subarray(0, nodes),
  };
}
