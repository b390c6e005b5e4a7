import assert from "node:assert/strict";
import fc from "fast-check";
import {
  classPredictionsOutput,
  classPredictionsWriter,
  rankClassPredictions,
} from "../../../runtime/modules/class_predictions.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("classPredictionsWriter: the same bytes as ranking and JSON.stringify, for any row", () => {
  const scores = fc.oneof(
    fc.double({ noNaN: false }),
    fc.constantFrom(0, -0, 0.5, 0.12345, 1, Number.NaN, Infinity, -Infinity, 1e-7, 5e-5),
  );
  const labels = fc.uniqueArray(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 12 });
  fc.assert(
    fc.property(
      labels,
      fc.array(scores, { minLength: 24, maxLength: 24 }),
      fc.nat(6),
      (names, row, offset) => {
        const probabilities = Float64Array.from(row);
        const expected = classPredictionsOutput(rankClassPredictions(probabilities, offset, names));
        const actual = classPredictionsWriter(names)(probabilities, offset);
        assert.equal(text(actual), text(expected));
        assert.deepEqual([...actual], [...expected]);
      },
    ),
    { numRuns: 2000 },
  );
});

Deno.test("classPredictionsWriter: ties keep label order; float32 rows round to 4 decimals", () => {
  const write = classPredictionsWriter(["setosa", "versicolor", "virginica"]);
  const row = new Float32Array([0.25, 0.5, 0.25]);
  assert.equal(
    text(write(row, 0)),
    '{"data":{"result":{"classPredictions":[{"class":"versicolor","score":0.5},' +
      '{"class":"setosa","score":0.25},{"class":"virginica","score":0.25}]},' +
      '"explanation":null,"drift":null}}',
  );
});
