/** softmax, topK and the labels file: one per line, a JSON array or a JSON object. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { parseLabels, readLabels, softmax, topK } from "../../../runtime/media/class_scores.ts";

Deno.test("softmax: probabilities summing to 1, stable for large logits", () => {
  const probabilities = softmax([1, 2, 3]);
  const expected = [0.09003057, 0.24472847, 0.66524096];
  probabilities.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < 1e-7));
  assert.deepEqual(softmax(Float32Array.from([1000, 1000])), [0.5, 0.5]);
  assert.deepEqual(softmax([]), []);
});

Deno.test("topK: highest first, ties by index, labels by index or the index itself", () => {
  const scores = [0.1, 0.5, 0.2, 0.5];
  assert.deepEqual(topK(scores, 3, ["cat", "dog", "fox"]), [
    { index: 1, label: "dog", score: 0.5 },
    { index: 3, label: "3", score: 0.5 },
    { index: 2, label: "fox", score: 0.2 },
  ]);
  assert.equal(topK(scores, 10).length, 4);
  assert.deepEqual(topK(scores, 0), []);
});

Deno.test("labels: lines (CRLF, spaces, final newline), JSON array, JSON object by index", async () => {
  assert.deepEqual(parseLabels("cat\r\n dog \nfox\n\n"), ["cat", "dog", "fox"]);
  assert.deepEqual(parseLabels('["0", "180"]'), ["0", "180"]);
  assert.deepEqual(parseLabels('{"1": "dog", "0": "cat", "3": "eel"}'), ["cat", "dog", "2", "eel"]);
  assert.throws(() => parseLabels("[1, 2]", "labels.json"), /labels\.json must map class indices/);
  assert.throws(() => parseLabels("[oops", "labels.json"), /labels\.json is not valid JSON/);
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "labels.txt"), "0\n180\n");
    assert.deepEqual(await readLabels(join(dir, "labels.txt")), ["0", "180"]);
    await assert.rejects(
      readLabels(join(dir, "missing.txt")),
      (e: unknown) => e instanceof RuntimeError && /missing\.txt cannot be read/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
