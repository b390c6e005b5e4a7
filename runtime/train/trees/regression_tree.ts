/**
 * One fitted regression tree as flat arrays indexed by node id (the root is
 * node 0; children are numbered in the order they were created). A split
 * node sends a row left when its feature, rounded to float32, is at most the
 * float32 threshold, and a missing (NaN) value left when `missingLeft` is
 * set — the `BRANCH_LEQ` rule of ONNX `TreeEnsemble*` with
 * `nodes_missing_value_tracks_true`, so the exported model routes every row
 * as the trainer does.
 *
 * @module
 */

/** A regression tree; a leaf has `feature` −1 and its (already shrunk) output in `value`. */
export interface RegressionTree {
  /** Original feature index of each split node; −1 at a leaf. */
  readonly feature: Int32Array;
  /** Float32 threshold of each split node (`x <= threshold` goes left). */
  readonly threshold: Float32Array;
  /** 1 when a missing value goes left. */
  readonly missingLeft: Uint8Array;
  /** Left child of each split node; −1 at a leaf. */
  readonly left: Int32Array;
  /** Right child of each split node; −1 at a leaf. */
  readonly right: Int32Array;
  /** Output of each leaf (a float32 number); 0 at split nodes. */
  readonly value: Float64Array;
}

/** Number of nodes of `tree`. */
export function nodeCount(tree: RegressionTree): number {
  return tree.feature.length;
}

/** Number of leaves of `tree`. */
export function leafCount(tree: RegressionTree): number {
  let leaves = 0;
  for (let node = 0; node < tree.feature.length; node++) if (tree.feature[node] < 0) leaves++;
  return leaves;
}

/**
 * The leaf `tree` sends the row starting at `offset` of `features`
 * (row-major raw values) to.
 */
export function leafOf(tree: RegressionTree, features: ArrayLike<number>, offset: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const value = features[offset + tree.feature[node]];
    const left = value !== value
      ? tree.missingLeft[node] === 1
      : Math.fround(value) <= tree.threshold[node];
    node = left ? tree.left[node] : tree.right[node];
  }
  return node;
}

/** The output of `tree` for the row starting at `offset` of `features`. */
export function treeOutput(
  tree: RegressionTree,
  features: ArrayLike<number>,
  offset: number,
): number {
  return tree.value[leafOf(tree, features, offset)];
}
