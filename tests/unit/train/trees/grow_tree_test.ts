/**
 * Growing one tree: leaf-wise growth stops at `maxLeaves` and `maxDepth`,
 * leaves hold `−rate·G/(H+λ)` as float32 numbers over a partition of all
 * rows (ascending within each leaf), and the raw-value traversal the
 * export mirrors sends every row to the leaf growth put it in.
 */
import assert from "node:assert/strict";
import { binRows, fitBinMapper } from "../../../../runtime/train/trees/bin_mapper.ts";
import {
  type GrowParameters,
  growTree,
  newGrowWorkspace,
} from "../../../../runtime/train/trees/grow_tree.ts";
import { leafCount, leafOf } from "../../../../runtime/train/trees/regression_tree.ts";
import { seededRandom } from "../../../../runtime/train/random.ts";

const PARAMETERS: GrowParameters = {
  maxLeaves: 31,
  maxDepth: 0,
  minSamplesLeaf: 5,
  l2Regularization: 1,
  minHessian: 1e-3,
  minSplitGain: 0,
  learningRate: 0.5,
};

/** 600 rows of 3 features (some missing) with a gradient that depends on two of them. */
function problem() {
  const random = seededRandom(11);
  const count = 600;
  const width = 3;
  const features = Float64Array.from(
    { length: count * width },
    (_, i) => (i % 13 === 5 ? NaN : random() * 10 - 5),
  );
  const rows = Array.from({ length: count }, (_, i) => i);
  const mapper = fitBinMapper(features, width, rows);
  const binned = binRows(mapper, features, rows);
  const pairs = new Float64Array(2 * count);
  for (let row = 0; row < count; row++) {
    const a = features[row * width] || 0;
    const b = features[row * width + 2] || 0;
    pairs[2 * row] = Math.sin(a) + (b > 1 ? 1 : -1) + 0.1 * random();
    pairs[2 * row + 1] = 0.5 + random();
  }
  return { features, width, count, mapper, binned, pairs };
}

Deno.test("grow: leaf-wise up to maxLeaves; rows partitioned; traversal agrees with growth", () => {
  const { features, width, count, mapper, binned, pairs } = problem();
  const workspace = newGrowWorkspace(binned);
  const { tree, start, end } = growTree(mapper, binned, pairs, PARAMETERS, workspace);
  assert.equal(leafCount(tree), 31);
  assert.equal(tree.feature.length, 61);
  const seen = new Set<number>();
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.feature[node] >= 0) {
      assert.ok(tree.left[node] > node && tree.right[node] > node);
      continue;
    }
    assert.ok(end[node] - start[node] >= PARAMETERS.minSamplesLeaf);
    let g = 0;
    let h = 0;
    for (let i = start[node]; i < end[node]; i++) {
      const row = workspace.rows[i];
      if (i > start[node]) assert.ok(row > workspace.rows[i - 1], "ascending within a leaf");
      assert.equal(leafOf(tree, features, row * width), node, `row ${row}`);
      seen.add(row);
      g += pairs[2 * row];
      h += pairs[2 * row + 1];
    }
    const expected = Math.fround((-PARAMETERS.learningRate * g) / (h + 1));
    assert.ok(Math.abs(tree.value[node] - expected) <= 1e-6 * Math.abs(expected) + 1e-12);
    assert.equal(tree.value[node], Math.fround(tree.value[node]), "a float32 number");
  }
  assert.equal(seen.size, count);
});

Deno.test("grow: maxDepth, maxLeaves 1 and a workspace reused across trees", () => {
  const { mapper, binned, pairs } = problem();
  const workspace = newGrowWorkspace(binned);
  const shallow = growTree(mapper, binned, pairs, { ...PARAMETERS, maxDepth: 2 }, workspace);
  assert.ok(leafCount(shallow.tree) <= 4);
  const depthOf = (node: number): number => {
    for (let parent = 0; parent < node; parent++) {
      if (shallow.tree.left[parent] === node || shallow.tree.right[parent] === node) {
        return depthOf(parent) + 1;
      }
    }
    return 0;
  };
  for (let node = 0; node < shallow.tree.feature.length; node++) assert.ok(depthOf(node) <= 2);
  const stump = growTree(mapper, binned, pairs, { ...PARAMETERS, maxLeaves: 1 }, workspace);
  assert.equal(stump.tree.feature.length, 1);
  assert.deepEqual(
    growTree(mapper, binned, pairs, PARAMETERS, workspace).tree,
    growTree(mapper, binned, pairs, PARAMETERS, newGrowWorkspace(binned)).tree,
    "the same tree from a used and a fresh workspace",
  );
});
