/**
 * The embedded default model (`asset_bundle/0.1.0`, "Iris Classifier"):
 * retraining reproduces the committed files byte for byte, the recorded
 * holdout accuracy is at least 0.9, and every committed test case passes
 * through the served module, one item at a time and as one batch.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { embeddedBundleRoot } from "../runtime/base/assets.ts";
import { outputsMatch } from "../runtime/bundle/compare.ts";
import { loadBundle } from "../runtime/bundle/load.ts";
import type { InputFiles } from "../runtime/model/contract.ts";
import { createModelWrapper } from "../runtime/hosting/module_registry.ts";
import { trainToBundle } from "../runtime/train/train.ts";
import { DEFAULT_MODEL_VERSION, defaultModelOptions } from "../scripts/build_default_bundle.ts";

const committedDir = join(embeddedBundleRoot(), DEFAULT_MODEL_VERSION);
const RUN_OPTIONS = [
  { detectDrift: false, explain: false },
  { detectDrift: true, explain: false },
  { detectDrift: false, explain: true },
  { detectDrift: true, explain: true },
];

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) found.push(...await filesUnder(path));
    else found.push(path);
  }
  return found;
}

Deno.test("default bundle: retraining reproduces the committed files byte for byte", async () => {
  const out = await Deno.makeTempDir({ prefix: "default_bundle_test_" });
  try {
    const report = await trainToBundle(defaultModelOptions(out));
    assert.ok(report.task === "classification");
    assert.ok(report.metrics.accuracy >= 0.9, `holdout accuracy ${report.metrics.accuracy}`);
    const fresh = (await filesUnder(report.paths.bundleDir)).map((path) =>
      relative(report.paths.bundleDir, path)
    ).sort();
    const committed = (await filesUnder(committedDir)).map((path) => relative(committedDir, path))
      .sort();
    assert.deepEqual(fresh, committed);
    assert.ok(fresh.includes("model.onnx") && fresh.includes("model.yaml"));
    for (const file of fresh) {
      assert.deepEqual(
        await Deno.readFile(join(report.paths.bundleDir, file)),
        await Deno.readFile(join(committedDir, file)),
        `${file} differs from the committed asset_bundle; run \`deno task train:default\``,
      );
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("default bundle: model.yaml records a holdout accuracy of at least 0.9", async () => {
  const bundle = await loadBundle(committedDir);
  assert.equal(bundle.spec.name, "Iris Classifier");
  assert.equal(bundle.spec.version, DEFAULT_MODEL_VERSION);
  assert.deepEqual(bundle.spec.missing, []);
  const accuracy = bundle.spec.metrics.find((metric) => metric.label === "Accuracy");
  assert.ok(accuracy !== undefined && accuracy.value >= 0.9, JSON.stringify(accuracy));
  assert.equal(bundle.spec.module?.id, "tabular-classifier");
  assert.ok(bundle.testCases.length >= 3);
});

Deno.test("default bundle: every test case passes one by one and as one batch", async () => {
  const bundle = await loadBundle(committedDir);
  const model = createModelWrapper(bundle.spec);
  await model.initialize({ bundle });
  try {
    const inputs: InputFiles[] = [];
    const expected: Map<string, Uint8Array>[] = [];
    for (const testCase of bundle.testCases) {
      const input = new Map<string, Uint8Array>();
      for (const [name, path] of testCase.inputs) input.set(name, await Deno.readFile(path));
      const outputs = new Map<string, Uint8Array>();
      for (const [name, path] of testCase.outputs) outputs.set(name, await Deno.readFile(path));
      inputs.push(input);
      expected.push(outputs);
    }
    const check = (
      label: string,
      actual: Map<string, Uint8Array>,
      wanted: Map<string, Uint8Array>,
    ) => {
      assert.deepEqual([...actual.keys()].sort(), [...wanted.keys()].sort(), label);
      for (const [name, bytes] of wanted) {
        const comparison = outputsMatch(name, actual.get(name)!, bytes);
        assert.ok(comparison.ok, `${label} ${name}: ${comparison.detail}`);
        assert.deepEqual(actual.get(name), bytes, `${label} ${name}: bytes differ`);
      }
    };
    for (const options of RUN_OPTIONS) {
      for (const [index, input] of inputs.entries()) {
        check(
          bundle.testCases[index].name,
          await model.handleInput(input, options),
          expected[index],
        );
      }
      const batch = await model.handleBatch!([...inputs, ...inputs], options);
      assert.equal(batch.length, inputs.length * 2);
      batch.forEach((result, index) => {
        assert.ok(!(result instanceof Error), String(result));
        check(`batch item ${index}`, result, expected[index % inputs.length]);
      });
    }
  } finally {
    await model.close?.();
  }
});
