/**
 * Split finding: the best boundary of a step function is found on the
 * right feature, the gain is the second-order formula, `minSamplesLeaf`
 * and `minHessian` rule out splits, and missing values go to the side
 * whose gradients they share (or to the larger child when there are none).
 */
import assert from "node:assert/strict";
import { binRows, fitBinMapper } from "../../../../runtime/train/trees/bin_mapper.ts";
import { buildHistogram, newHistogram } from "../../../../runtime/train/trees/histogram.ts";
import {
  findBestSplit,
  type SplitParameters,
} from "../../../../runtime/train/trees/split_finder.ts";

const PARAMETERS: SplitParameters = {
  minSamplesLeaf: 1,
  l2Regularization: 0,
  minHessian: 1e-3,
  minSplitGain: 0,
};

/** Histogram of rows with features `columns[f][row]` and gradient `gradient(row)`, hessian 1. */
function setUp(columns: number[][], gradient: (row: number) => number) {
  const count = columns[0].length;
  const width = columns.length;
  const features = Float64Array.from(
    { length: count * width },
    (_, i) => columns[i % width][Math.floor(i / width)],
  );
  const rows = Array.from({ length: count }, (_, i) => i);
  const mapper = fitBinMapper(features, width, rows);
  const binned = binRows(mapper, features, rows);
  const pairs = new Float64Array(2 * count);
  let g = 0;
  rows.forEach((row) => {
    pairs[2 * row] = gradient(row);
    pairs[2 * row + 1] = 1;
    g += gradient(row);
  });
  const histogram = newHistogram(mapper);
  buildHistogram(histogram, mapper, binned.codes, Uint32Array.from(rows), 0, count, pairs);
  return { mapper, histogram, totals: { gradient: g, hessian: count, count } };
}

Deno.test("split: a step in the second feature is found at its boundary with the exact gain", () => {
  const noise = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => (i * 5) % 8);
  const step = [0, 1, 2, 3, 4, 5, 6, 7];
  const { mapper, histogram, totals } = setUp([noise, step], (row) => (step[row] < 3 ? -1 : 1));
  const split = findBestSplit(histogram, mapper, totals, PARAMETERS);
  assert.ok(split);
  assert.equal(mapper.features[split.feature], 1);
  assert.equal(split.bin, 2);
  assert.equal(mapper.thresholds[split.feature][split.bin], 2.5);
  assert.deepEqual(split.left, { gradient: -3, hessian: 3, count: 3 });
  assert.deepEqual(split.right, { gradient: 5, hessian: 5, count: 5 });
  assert.equal(split.gain, 9 / 3 + 25 / 5 - 4 / 8);
});

Deno.test("split: minSamplesLeaf and minHessian rule splits out", () => {
  const x = [0, 1, 2, 3, 4, 5];
  const { mapper, histogram, totals } = setUp([x], (row) => (row === 0 ? -5 : 1));
  assert.equal(findBestSplit(histogram, mapper, totals, PARAMETERS)?.bin, 0);
  const wide = findBestSplit(histogram, mapper, totals, { ...PARAMETERS, minSamplesLeaf: 2 });
  assert.equal(wide?.bin, 1, "the best split leaving 2 rows each side");
  assert.equal(
    findBestSplit(histogram, mapper, totals, { ...PARAMETERS, minSamplesLeaf: 4 }),
    undefined,
  );
  assert.equal(
    findBestSplit(histogram, mapper, totals, { ...PARAMETERS, minHessian: 4 }),
    undefined,
  );
  assert.equal(
    findBestSplit(histogram, mapper, totals, { ...PARAMETERS, minSplitGain: 1e9 }),
    undefined,
  );
});

Deno.test("split: missing values follow the rows they resemble; none seen go to the larger child", () => {
  const x = [0, 1, 2, 3, NaN, NaN];
  const high = setUp([x], (row) => (row < 2 ? -1 : 1));
  const toHigh = findBestSplit(high.histogram, high.mapper, high.totals, PARAMETERS);
  assert.ok(toHigh);
  assert.equal(toHigh.bin, 1);
  assert.equal(toHigh.missingLeft, false);
  const low = setUp([x], (row) => (row < 2 || row > 3 ? -1 : 1));
  const toLow = findBestSplit(low.histogram, low.mapper, low.totals, PARAMETERS);
  assert.ok(toLow);
  assert.equal(toLow.bin, 1);
  assert.equal(toLow.missingLeft, true);
  assert.deepEqual(toLow.left, { gradient: -4, hessian: 4, count: 4 });
  const none = setUp([[0, 1, 2, 3, 4]], (row) => (row < 3 ? -1 : 1));
  const larger = findBestSplit(none.histogram, none.mapper, none.totals, PARAMETERS);
  assert.equal(larger?.missingLeft, true, "3 rows left, 2 right");
});
