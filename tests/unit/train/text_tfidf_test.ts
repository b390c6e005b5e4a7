/**
 * The text featuriser: tokenisation as scikit-learn's default token pattern
 * (lowercase, runs of 2+ letters/digits/underscores), the vocabulary (minimum
 * document frequency, the cap by corpus frequency, unigrams then bigrams),
 * smoothed idf and L2 scaling against values computed by hand; and the ONNX
 * text front (StringNormalizer, Tokenizer, TfIdfVectorizer, L2) computing the
 * same numbers in onnxruntime.
 */
import assert from "node:assert/strict";
import { encodeOnnxModel } from "../../../runtime/backends/onnx/model_writer.ts";
import { OnnxSession } from "../../../runtime/backends/onnx/session.ts";
import { modelFeeds } from "../../../runtime/modules/probability_model.ts";
import {
  fitTfidf,
  termIndex,
  tokenizeText,
  transformTfidf,
  wordNgrams,
} from "../../../runtime/train/text_tfidf.ts";
import { withTextFront } from "../../../runtime/train/text_front_onnx.ts";

const CORPUS = ["the cat sat", "The dog sat.", "a cat ran"];
/** ln((1 + n) / (1 + df)) + 1 with n = 3. */
const IDF_IN_TWO = Math.log(4 / 3) + 1;
const IDF_IN_ONE = Math.log(4 / 2) + 1;

Deno.test("tokenizeText: lowercase runs of 2+ letters, digits or _; punctuation splits", () => {
  assert.deepEqual(tokenizeText("Don't STOP, a 2nd time_out!"), ["don", "stop", "2nd", "time_out"]);
  assert.deepEqual(tokenizeText("Élan vital: ça é x"), ["élan", "vital", "ça"]);
  assert.deepEqual(tokenizeText("  ... "), []);
  assert.deepEqual(wordNgrams(["a1", "b2", "c3"]), ["a1", "b2", "c3", "a1 b2", "b2 c3"]);
});

Deno.test("fitTfidf: minimum document frequency, smoothed idf, unigrams before bigrams", () => {
  const frequent = fitTfidf(CORPUS);
  assert.deepEqual(frequent.terms, ["cat", "sat", "the"]);
  assert.equal(frequent.unigrams, 3);
  for (const idf of frequent.idf) assert.ok(Math.abs(idf - IDF_IN_TWO) < 1e-12);

  const all = fitTfidf(CORPUS, { minDf: 1 });
  assert.deepEqual(all.terms, [
    "cat",
    "dog",
    "ran",
    "sat",
    "the",
    "cat ran",
    "cat sat",
    "dog sat",
    "the cat",
    "the dog",
  ]);
  assert.equal(all.unigrams, 5);
  const idf = Object.fromEntries(all.terms.map((term, i) => [term, all.idf[i]]));
  assert.ok(Math.abs(idf.cat - IDF_IN_TWO) < 1e-12);
  assert.ok(Math.abs(idf.dog - IDF_IN_ONE) < 1e-12);
  assert.ok(Math.abs(idf["the cat"] - IDF_IN_ONE) < 1e-12);

  // The cap keeps the terms most frequent in the corpus (ties in code-point order).
  assert.deepEqual(fitTfidf(CORPUS, { minDf: 1, maxTerms: 2 }).terms, ["cat", "sat"]);
});

Deno.test("transformTfidf: raw counts times idf, scaled to unit length; no term is all zeros", () => {
  const frequent = fitTfidf(CORPUS);
  const row = new Float64Array(3);
  transformTfidf(frequent, termIndex(frequent), "The cat sat on the CAT", row, 0);
  // cat 2, sat 1, the 2, all with the same idf: [2, 1, 2] / 3.
  assert.deepEqual(Array.from(row, (value) => Number(value.toFixed(12))), [
    Number((2 / 3).toFixed(12)),
    Number((1 / 3).toFixed(12)),
    Number((2 / 3).toFixed(12)),
  ]);

  const all = fitTfidf(CORPUS, { minDf: 1 });
  const wide = new Float64Array(all.terms.length + 2).fill(7);
  transformTfidf(all, termIndex(all), "the cat", wide, 1);
  const norm = Math.sqrt(2 * IDF_IN_TWO ** 2 + IDF_IN_ONE ** 2);
  const expected = new Float64Array(all.terms.length);
  expected[0] = IDF_IN_TWO / norm; // cat
  expected[4] = IDF_IN_TWO / norm; // the
  expected[8] = IDF_IN_ONE / norm; // "the cat"
  assert.equal(wide[0], 7, "outside the block untouched");
  assert.equal(wide[wide.length - 1], 7);
  wide.subarray(1, 1 + expected.length).forEach((value, i) =>
    assert.ok(Math.abs(value - expected[i]) < 1e-12, `term ${all.terms[i]}: ${value}`)
  );

  transformTfidf(all, termIndex(all), "zebra !", wide, 1);
  assert.ok(wide.subarray(1, 1 + expected.length).every((value) => value === 0));
});

Deno.test("the ONNX text front computes the trainer's tf-idf from raw strings", async () => {
  const documents = [
    "The cat sat on the mat",
    "the dog sat; the cat ran",
    "Élan vital and the cat",
    "dogs and cats",
    "the mat, the mat!",
  ];
  const model = fitTfidf(documents, { minDf: 1 });
  const width = 1 + model.terms.length;
  // A graph that returns its (encoded) input: the front's output, after one float input.
  const spec = withTextFront({
    producerName: "test",
    producerVersion: "0",
    opsets: [{ domain: "", version: 17 }],
    graph: {
      name: "identity",
      inputs: [{ name: "features", type: "float32", shape: ["batch", width] }],
      outputs: [{ name: "out", type: "float32", shape: ["batch", width] }],
      initializers: [],
      nodes: [{ opType: "Identity", inputs: ["features"], outputs: ["out"] }],
    },
  }, { inputWidth: 1, columns: [{ name: "note", model }] });
  assert.deepEqual(spec.graph.inputs.map((input) => [input.name, input.type]), [
    ["features", "float32"],
    ["text:note", "string"],
  ]);
  const session = await OnnxSession.openBytes(encodeOnnxModel(spec));
  try {
    const texts = ["THE CAT sat, the cat!", "", "nothing known here", "élan ÉLAN vital"];
    const floats = Float32Array.from(texts, (_, i) => i + 0.5);
    const outputs = await session.run(
      modelFeeds(floats, texts.length, 1, { "text:note": texts }),
      ["out"],
    );
    const actual = outputs.out.data as Float32Array;
    assert.deepEqual(outputs.out.dims, [texts.length, width]);
    const index = termIndex(model);
    texts.forEach((text, row) => {
      const expected = new Float64Array(width);
      expected[0] = row + 0.5;
      transformTfidf(model, index, text, expected, 1);
      for (let i = 0; i < width; i++) {
        assert.ok(
          Math.abs(actual[row * width + i] - expected[i]) < 1e-6,
          `row ${row} column ${i}: onnxruntime ${actual[row * width + i]}, trainer ${expected[i]}`,
        );
      }
    });
  } finally {
    await session.close();
  }
});
