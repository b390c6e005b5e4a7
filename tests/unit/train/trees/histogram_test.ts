/**
 * Histograms: every slot holds the gradient sum, hessian sum and count of
 * its rows (checked against a direct count), and subtracting one child's
 * histogram from the parent's gives exactly its sibling's.
 */
import assert from "node:assert/strict";
import { binRows, fitBinMapper } from "../../../../runtime/train/trees/bin_mapper.ts";
import {
  buildHistogram,
  newHistogram,
  SLOT_FIELDS,
  subtractHistogram,
} from "../../../../runtime/train/trees/histogram.ts";
import { seededRandom } from "../../../../runtime/train/random.ts";

function data(count: number, width: number) {
  const random = seededRandom(3);
  const features = Float64Array.from(
    { length: count * width },
    (_, i) => (i % 7 === 3 ? NaN : Math.floor(random() * 12)),
  );
  const rows = Array.from({ length: count }, (_, i) => i);
  const mapper = fitBinMapper(features, width, rows);
  const binned = binRows(mapper, features, rows);
  const pairs = Float64Array.from(
    { length: 2 * count },
    (_, i) => (i % 2 ? random() : random() - 0.5),
  );
  return { mapper, binned, pairs };
}

Deno.test("histogram: slot sums match a direct count over the rows", () => {
  const { mapper, binned, pairs } = data(500, 4);
  const rows = Uint32Array.from({ length: 500 }, (_, i) => i);
  const histogram = newHistogram(mapper);
  histogram.fill(7); // overwritten, not added to
  buildHistogram(histogram, mapper, binned.codes, rows, 100, 400, pairs);
  const width = mapper.features.length;
  for (let feature = 0; feature < width; feature++) {
    for (let bin = 0; bin <= mapper.binCounts[feature]; bin++) {
      let g = 0, h = 0, c = 0;
      for (let row = 100; row < 400; row++) {
        if (binned.columns[feature * 500 + row] !== bin) continue;
        g += pairs[2 * row];
        h += pairs[2 * row + 1];
        c++;
      }
      const at = (mapper.slotOffsets[feature] + bin) * SLOT_FIELDS;
      assert.ok(Math.abs(histogram[at] - g) < 1e-9);
      assert.ok(Math.abs(histogram[at + 1] - h) < 1e-9);
      assert.equal(histogram[at + 2], c);
    }
  }
});

Deno.test("histogram: parent minus one child is the other child", () => {
  const { mapper, binned, pairs } = data(400, 3);
  const rows = Uint32Array.from({ length: 400 }, (_, i) => i);
  const parent = newHistogram(mapper);
  const left = newHistogram(mapper);
  const right = newHistogram(mapper);
  buildHistogram(parent, mapper, binned.codes, rows, 0, 400, pairs);
  buildHistogram(left, mapper, binned.codes, rows, 0, 150, pairs);
  buildHistogram(right, mapper, binned.codes, rows, 150, 400, pairs);
  subtractHistogram(parent, left);
  for (let i = 0; i < parent.length; i++) assert.ok(Math.abs(parent[i] - right[i]) < 1e-9);
});
