/**
 * Binning: thresholds between distinct values or at quantiles, a missing
 * bin, unsplittable features left out, wide data kept within the slot
 * budget, and — for any values — a bin boundary agreeing with the float32
 * `x <= threshold` test onnxruntime applies.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  binOf,
  binRows,
  fitBinMapper,
  MAX_BINS,
  MAX_SLOTS,
} from "../../../../runtime/train/trees/bin_mapper.ts";

const allRows = (count: number) => Array.from({ length: count }, (_, i) => i);

Deno.test("bins: few distinct values get one bin each, cut at the midpoints", () => {
  const features = new Float64Array([3, 1, 2, 1, 3, 2, 1]);
  const mapper = fitBinMapper(features, 1, allRows(7));
  assert.deepEqual([...mapper.thresholds[0]], [1.5, 2.5]);
  assert.deepEqual([...mapper.binCounts], [3]);
  assert.deepEqual([...binRows(mapper, features, allRows(7)).columns], [2, 0, 1, 0, 2, 1, 0]);
});

Deno.test("bins: many distinct values are cut at quantiles into at most 255 roughly equal bins", () => {
  const count = 10_000;
  const features = Float64Array.from({ length: count }, (_, i) => Math.sin(i) * 1000);
  const mapper = fitBinMapper(features, 1, allRows(count));
  assert.equal(mapper.binCounts[0], MAX_BINS);
  const sizes = new Array(MAX_BINS + 1).fill(0);
  for (const bin of binRows(mapper, features, allRows(count)).columns) sizes[bin]++;
  assert.equal(sizes[MAX_BINS], 0, "no missing values");
  const present = sizes.slice(0, MAX_BINS);
  assert.ok(Math.min(...present) >= 35 && Math.max(...present) <= 45, `${present}`);
  const small = fitBinMapper(features, 1, allRows(count), 16);
  assert.equal(small.binCounts[0], 16);
});

Deno.test("bins: NaN goes to the missing bin; constant columns are left out, a gap makes one splittable", () => {
  const features = new Float64Array([
    1,
    5,
    7, //
    2,
    5,
    NaN,
    NaN,
    5,
    7,
  ]);
  const mapper = fitBinMapper(features, 3, allRows(3));
  assert.deepEqual([...mapper.features], [0, 2], "column 1 is constant");
  assert.deepEqual([...mapper.binCounts], [2, 1]);
  const binned = binRows(mapper, features, allRows(3));
  assert.deepEqual([...binned.columns], [0, 1, 2, 0, 1, 0]);
  assert.deepEqual([...mapper.slotOffsets], [0, 3]);
  assert.equal(mapper.slotCount, 5);
  assert.deepEqual([...binned.codes], [0, 3, 1, 4, 2, 3], "slots: offset + bin, row-major");
  assert.equal(fitBinMapper(new Float64Array([NaN, NaN]), 1, [0, 1]).features.length, 0);
});

Deno.test("bins: very wide data gets fewer bins so all slots fit 16 bits", () => {
  const width = 2048;
  const count = 300;
  const features = Float64Array.from({ length: width * count }, (_, i) => (i * 7919) % 1009);
  const mapper = fitBinMapper(features, width, allRows(count));
  assert.ok(mapper.slotCount <= MAX_SLOTS, `${mapper.slotCount}`);
  assert.equal(Math.max(...mapper.binCounts), Math.floor(MAX_SLOTS / width) - 1);
  assert.throws(() => fitBinMapper(new Float64Array(0), 40_000, []), RangeError);
  assert.throws(() => fitBinMapper(features, width, [0], 1), RangeError);
});

Deno.test("bins: bin <= b exactly when float32(x) <= threshold b, for any values", () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.constant(NaN)), {
        minLength: 2,
        maxLength: 600,
        size: "max",
      }),
      fc.integer({ min: 2, max: 255 }),
      (values, maxBins) => {
        const features = Float64Array.from(values);
        const mapper = fitBinMapper(features, 1, allRows(values.length), maxBins);
        if (mapper.features.length === 0) return;
        const cuts = mapper.thresholds[0];
        for (let i = 1; i < cuts.length; i++) assert.ok(cuts[i - 1] < cuts[i]);
        assert.ok(mapper.binCounts[0] <= maxBins);
        for (const value of values) {
          const bin = binOf(mapper, 0, value);
          if (Number.isNaN(value)) {
            assert.equal(bin, mapper.binCounts[0]);
            continue;
          }
          for (let b = 0; b < cuts.length; b++) {
            assert.equal(bin <= b, Math.fround(value) <= cuts[b], `${value} vs ${cuts[b]}`);
          }
        }
      },
    ),
    { seed: 7, numRuns: 200 },
  );
});
