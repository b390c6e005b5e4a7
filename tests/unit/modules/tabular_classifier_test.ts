/**
 * The tabular-classifier module served from a real trained bundle (iris,
 * trained into a temp folder) with real onnxruntime sessions: answers,
 * every per-item input error (exact messages), batch isolation with one
 * onnxruntime call, config validation and the module registry.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPath } from "../../../runtime/base/assets.ts";
import { OnnxSession } from "../../../runtime/backends/onnx/session.ts";
import { loadBundle } from "../../../runtime/bundle/load.ts";
import type { Bundle } from "../../../runtime/bundle/types.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import type { InputFiles, ItemResult, OutputFiles } from "../../../runtime/model/contract.ts";
import { createModelWrapper } from "../../../runtime/hosting/module_registry.ts";
import { TabularClassifier } from "../../../runtime/modules/tabular_classifier.ts";
import { trainToBundle } from "../../../runtime/train/train.ts";

const RUN = { detectDrift: false, explain: false };
const encoder = new TextEncoder();
const FEATURES = "sepal_length, sepal_width, petal_length, petal_width";

let bundlePromise: Promise<{ bundle: Bundle }> | undefined;
/** Trains iris into a temp folder once per test file; removed when the process ends. */
function irisBundle(): Promise<{ bundle: Bundle }> {
  bundlePromise ??= (async () => {
    const root = await Deno.makeTempDir({ prefix: "tabular_classifier_test_" });
    globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));
    const report = await trainToBundle({
      csvPath: projectPath("data", "iris.csv"),
      outDir: root,
      model: "linear",
    });
    return { bundle: await loadBundle(report.paths.bundleDir) };
  })();
  return bundlePromise;
}

async function withModel(run: (model: TabularClassifier, bundle: Bundle) => Promise<void>) {
  const { bundle } = await irisBundle();
  const model = new TabularClassifier();
  await model.initialize({ bundle });
  try {
    await run(model, bundle);
  } finally {
    await model.close();
  }
}

function json(value: unknown): InputFiles {
  return new Map([["input.json", encoder.encode(JSON.stringify(value))]]);
}

function resultOf(output: OutputFiles) {
  const document = JSON.parse(new TextDecoder().decode(output.get("results.json")));
  return document as {
    data: { result: { classPredictions: { class: string; score: number }[] } };
    explanation: null;
  };
}

async function assertInputError(model: TabularClassifier, input: InputFiles, message: string) {
  await assert.rejects(model.handleInput(input, RUN), (error: unknown) => {
    assert.ok(error instanceof RuntimeError, `expected a RuntimeError, got ${error}`);
    assert.equal(error.kind, "bad_request");
    assert.equal(error.message, message);
    return true;
  });
}

Deno.test("tabular classifier: object and array inputs give the same ranked classPredictions", async () => {
  await withModel(async (model) => {
    const byName = await model.handleInput(
      json({ petal_width: 0.2, sepal_length: 5.1, petal_length: 1.4, sepal_width: 3.5, id: "x" }),
      RUN,
    );
    const byOrder = await model.handleInput(json([5.1, 3.5, 1.4, 0.2]), RUN);
    assert.deepEqual([...byName.keys()], ["results.json"]);
    assert.deepEqual(byName.get("results.json"), byOrder.get("results.json"));
    const text = new TextDecoder().decode(byName.get("results.json"));
    assert.match(
      text,
      /^\{"data":\{"result":\{"classPredictions":\[\{"class":"setosa","score":0\.9\d*\}/,
    );
    assert.match(text, /\]\},"explanation":null,"drift":null\}\}$/);
    const predictions = resultOf(byName).data.result.classPredictions;
    assert.deepEqual(predictions.map((p) => p.class).sort(), ["setosa", "versicolor", "virginica"]);
    for (let i = 1; i < predictions.length; i++) {
      assert.ok(predictions[i - 1].score >= predictions[i].score);
    }
    for (const { score } of predictions) assert.equal(score, Math.round(score * 10000) / 10000);
    assert.ok(Math.abs(predictions.reduce((sum, p) => sum + p.score, 0) - 1) < 1e-3);

    const virginica = resultOf(await model.handleInput(json([7.7, 3.0, 6.1, 2.3]), RUN));
    assert.equal(virginica.data.result.classPredictions[0].class, "virginica");
  });
});

Deno.test("tabular classifier: every input error has its exact message", async () => {
  await withModel(async (model) => {
    const cases: [InputFiles, string][] = [
      [new Map(), "missing input file 'input.json'"],
      [
        new Map([["input.json", encoder.encode("[1,2,3,4]")], ["image.png", new Uint8Array([1])]]),
        "unknown input file 'image.png'; this model reads only 'input.json'",
      ],
      [
        new Map([["input.json", new Uint8Array([0x7b, 0xff, 0x7d])]]),
        "input.json: not valid UTF-8 text",
      ],
      [
        new Map([["input.json", encoder.encode("{sepal_length: 1}")]]),
        "input.json: not valid JSON",
      ],
      [new Map([["input.json", encoder.encode("")]]), "input.json: not valid JSON"],
      [
        json("5.1,3.5"),
        "input.json: expected a JSON object keyed by feature name or an array of 4 numbers, " +
        "got a string",
      ],
      [
        json(5.1),
        "input.json: expected a JSON object keyed by feature name or an array of 4 numbers, " +
        "got a number",
      ],
      [
        json(null),
        "input.json: expected a JSON object keyed by feature name or an array of 4 numbers, " +
        "got null",
      ],
      [
        json([5.1, 3.5, 1.4]),
        `input.json: expected an array of 4 numbers (${FEATURES}), got 3`,
      ],
      [
        json({ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4 }),
        "input.json: feature 'petal_width' is missing",
      ],
      [
        json({ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: null }),
        "input.json: feature 'petal_width' must be a number, got null",
      ],
      [
        json({ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: "abc" }),
        `input.json: feature 'petal_width' must be a number, got "abc"`,
      ],
      [
        json({ sepal_length: true, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }),
        "input.json: feature 'sepal_length' must be a number, got true",
      ],
      [
        json([5.1, [3.5], 1.4, 0.2]),
        "input.json: feature 'sepal_width' must be a number, got an array",
      ],
      [
        json([5.1, 3.5, { v: 1 }, 0.2]),
        "input.json: feature 'petal_length' must be a number, got an object",
      ],
      [
        new Map([["input.json", encoder.encode("[5.1, 3.5, 1.4, 1e39]")]]),
        "input.json: feature 'petal_width' must be a number within the float32 range, got 1e+39",
      ],
    ];
    for (const [input, message] of cases) await assertInputError(model, input, message);
  });
});

Deno.test("tabular classifier: a batch answers valid items in one onnxruntime call; bad items fail alone", async () => {
  await withModel(async (model) => {
    const good = [
      json([5.1, 3.5, 1.4, 0.2]),
      json([6.4, 3.2, 4.5, 1.5]),
      json([5.8, 2.7, 5.1, 1.9]),
    ];
    const singles = await Promise.all(good.map((input) => model.handleInput(input, RUN)));
    const batch = [good[0], json({ sepal_length: 1 }), good[1], new Map(), good[2]];

    const originalRun = OnnxSession.prototype.run;
    let calls = 0;
    OnnxSession.prototype.run = function (...args: Parameters<OnnxSession["run"]>) {
      calls++;
      return originalRun.apply(this, args);
    };
    let results: ItemResult[];
    try {
      results = await model.handleBatch(batch, RUN);
    } finally {
      OnnxSession.prototype.run = originalRun;
    }
    assert.equal(calls, 1);
    assert.equal(results.length, 5);
    assert.deepEqual(results[0], singles[0]);
    assert.deepEqual(results[2], singles[1]);
    assert.deepEqual(results[4], singles[2]);
    for (
      const [index, message] of [
        [1, "input.json: feature 'sepal_width' is missing"],
        [3, "missing input file 'input.json'"],
      ] as const
    ) {
      const failure = results[index];
      assert.ok(failure instanceof RuntimeError);
      assert.equal(failure.kind, "bad_request");
      assert.equal(failure.message, message);
    }

    const allBad = await model.handleBatch([new Map(), json("x")], RUN);
    assert.ok(allBad.every((result) => result instanceof RuntimeError));
  });
});

Deno.test("tabular classifier: batches larger than maxBatchSize and concurrent batches", async () => {
  await withModel(async (model, bundle) => {
    const rows = Array.from(
      { length: bundle.spec.features.maxBatchSize + 6 },
      (_, i) => json([4.5 + (i % 30) * 0.1, 3, 1 + (i % 50) * 0.1, 0.1 + (i % 24) * 0.1]),
    );
    const expected = await Promise.all(rows.map((input) => model.handleInput(input, RUN)));
    const [whole, first, second] = await Promise.all([
      model.handleBatch(rows, RUN),
      model.handleBatch(rows.slice(0, 8), RUN),
      model.handleBatch(rows.slice(8, 16), RUN),
    ]);
    assert.deepEqual(whole, expected);
    assert.deepEqual(first, expected.slice(0, 8));
    assert.deepEqual(second, expected.slice(8, 16));
  });
});

Deno.test("tabular classifier: not initialised, and usable again after re-initialising", async () => {
  const model = new TabularClassifier();
  await assert.rejects(
    model.handleInput(json([1, 2, 3, 4]), RUN),
    (error: unknown) => error instanceof RuntimeError && error.kind === "not_ready",
  );
  const { bundle } = await irisBundle();
  await model.initialize({ bundle });
  await model.close();
  await assert.rejects(
    model.handleBatch([json([1, 2, 3, 4])], RUN),
    (error: unknown) => error instanceof RuntimeError && error.kind === "not_ready",
  );
  await model.initialize({ bundle });
  assert.ok((await model.handleInput(json([1, 2, 3, 4]), RUN)).has("results.json"));
  await model.close();
});

Deno.test("tabular classifier: invalid module.config and mismatched models name the key", async () => {
  const { bundle } = await irisBundle();
  const modelYaml = join(bundle.dir, "model.yaml");
  const config = bundle.spec.module!.config;
  const withConfig = (changes: Record<string, unknown>): Bundle => ({
    ...bundle,
    spec: {
      ...bundle.spec,
      module: { id: "tabular-classifier", config: { ...config, ...changes } },
    },
  });
  const expectInternal = async (target: Bundle, message: string, kind = "internal") => {
    await assert.rejects(
      new TabularClassifier().initialize({ bundle: target }),
      (error: unknown) => {
        assert.ok(error instanceof RuntimeError, `expected a RuntimeError, got ${error}`);
        assert.equal(error.message, message);
        assert.equal(error.kind, kind);
        return true;
      },
    );
  };
  await expectInternal(
    withConfig({ labels: "setosa" }),
    `${modelYaml}: module.config.labels: must be a list of at least 2 distinct non-empty ` +
      `strings, got "setosa"`,
  );
  await expectInternal(
    withConfig({ features: ["a", "a"] }),
    `${modelYaml}: module.config.features: must be a list of at least 1 distinct non-empty ` +
      `strings, got ["a","a"]`,
  );
  await expectInternal(
    withConfig({ artifact: "../model.onnx" }),
    `${modelYaml}: module.config.artifact: must be a file path inside the bundle folder, ` +
      `got "../model.onnx"`,
  );
  await expectInternal(
    withConfig({ input: undefined }),
    `${modelYaml}: module.config.input: must be a plain file name, got nothing`,
  );
  await expectInternal(
    withConfig({ output: "out/results.json" }),
    `${modelYaml}: module.config.output: must be a plain file name, got "out/results.json"`,
  );
  await expectInternal(
    withConfig({ labels: ["a", "b"] }),
    `${join(bundle.dir, "model.onnx")}: expected output 'probabilities' float32 [batch, 2], ` +
      `found float32 [?, 3]`,
  );
  await expectInternal(
    withConfig({ features: ["a", "b", "c"] }),
    `${join(bundle.dir, "model.onnx")}: expected input 'features' float32 [batch, 3], ` +
      `found float32 [?, 4]`,
  );
  await expectInternal(
    withConfig({ artifact: "missing.onnx" }),
    `ONNX model file ${join(bundle.dir, "missing.onnx")} does not exist`,
    "not_found",
  );
});

Deno.test("registry: creates the module named in model.yaml; no module or an unknown id is an error", async () => {
  const { bundle } = await irisBundle();
  assert.ok(createModelWrapper(bundle.spec) instanceof TabularClassifier);
  assert.throws(
    () => createModelWrapper({ ...bundle.spec, module: { id: "image-segmenter", config: {} } }),
    (error: unknown) =>
      error instanceof RuntimeError && error.kind === "internal" &&
      error.message ===
        "model 'iris' 0.1.0 names unknown module 'image-segmenter'; known modules: " +
          "tabular-classifier, tabular-regressor, onnx-tensor, hello-world",
  );
  assert.throws(
    () => createModelWrapper({ ...bundle.spec, module: null }),
    (error: unknown) =>
      error instanceof RuntimeError && error.kind === "internal" &&
      error.message ===
        "model 'iris' 0.1.0 names no module (model.yaml key module.id); known modules: " +
          "tabular-classifier, tabular-regressor, onnx-tensor, hello-world",
  );
});
