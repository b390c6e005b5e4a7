/**
 * The `tabular-regressor` module on bundles the trainer writes: the exact
 * `results.json` document (shortest float32 decimal), a batch answered in
 * one call with a bad item failing alone, both tensor faces (`features`
 * matrix or one tensor per column) answering `prediction` FP32 [batch, 1],
 * and the interface check at load.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { embeddedBundleRoot } from "../../../runtime/base/assets.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { loadBundle } from "../../../runtime/bundle/load.ts";
import type { Bundle } from "../../../runtime/bundle/types.ts";
import { createModelWrapper } from "../../../runtime/hosting/module_registry.ts";
import { predictionOutput, shortestFloat32 } from "../../../runtime/modules/regression_model.ts";
import { TabularRegressor } from "../../../runtime/modules/tabular_regressor.ts";
import { trainToBundle } from "../../../runtime/train/train.ts";
import { regressionCsv } from "../../support/training_data.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const OPTIONS = { detectDrift: false, explain: false };
const input = (value: unknown) => new Map([["input.json", encoder.encode(JSON.stringify(value))]]);

/** A plain numeric regression CSV: y = 2a - b + noise. */
function plainCsv(rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => {
    const a = (i * 7) % 13, b = (i * 5) % 11;
    return `${a},${b},${(2 * a - b + ((i * 3) % 5) / 10).toFixed(2)}`;
  });
  return `a,b,y\n${lines.join("\n")}\n`;
}

async function trained(dir: string, name: string, csv: string, model: "linear" | "mlp") {
  const csvPath = join(dir, `${name}.csv`);
  await Deno.writeTextFile(csvPath, csv);
  const report = await trainToBundle({ csvPath, outDir: join(dir, name), model });
  assert.equal(report.task, "regression");
  return { report, bundle: await loadBundle(report.paths.bundleDir) };
}

Deno.test("results.json: exactly {prediction}, the shortest float32 decimal", () => {
  assert.equal(shortestFloat32(Math.fround(151.2)), 151.2);
  assert.equal(shortestFloat32(Math.fround(0.1)), 0.1);
  assert.equal(shortestFloat32(-3), -3);
  assert.equal(Math.fround(shortestFloat32(Math.fround(Math.PI))), Math.fround(Math.PI));
  assert.equal(
    decoder.decode(predictionOutput(Math.fround(171.17096))),
    '{"data":{"result":{"prediction":171.17096},"explanation":null,"drift":null}}',
  );
  assert.equal(
    decoder.decode(predictionOutput(NaN)),
    '{"data":{"result":{"prediction":null},"explanation":null,"drift":null}}',
  );
});

Deno.test("tabular-regressor: files, batches and the plain tensor face", async () => {
  const dir = await Deno.makeTempDir({ prefix: "regressor_module_" });
  try {
    const { report, bundle } = await trained(dir, "plain", plainCsv(60), "linear");
    const wrapper = createModelWrapper(bundle.spec);
    assert.ok(wrapper instanceof TabularRegressor);
    await wrapper.initialize({ bundle });
    try {
      for (const folder of report.paths.testCases) {
        const sent = JSON.parse(await Deno.readTextFile(join(folder, "input.json")));
        const answer = await wrapper.handleInput(input(sent), OPTIONS);
        assert.equal(
          decoder.decode(answer.get("results.json")),
          await Deno.readTextFile(join(folder, "results.json")),
        );
      }
      const batch = await wrapper.handleBatch(
        [input({ a: 3, b: 1 }), input({ a: 3 }), input([3, 1])],
        OPTIONS,
      );
      assert.ok(batch[1] instanceof RuntimeError);
      assert.equal(batch[1].message, "input.json: feature 'b' is missing");
      const first = JSON.parse(
        decoder.decode((batch[0] as Map<string, Uint8Array>).get("results.json")),
      );
      assert.deepEqual(Object.keys(first.data.result), ["prediction"]);
      assert.ok(Math.abs(first.data.result.prediction - 5) < 0.5);
      assert.deepEqual(batch[2], batch[0]);

      const face = wrapper.tensorModel!()!;
      assert.deepEqual(face.inputs, [{ name: "features", datatype: "FP32", shape: [-1, 2] }]);
      assert.deepEqual(face.outputs, [{ name: "prediction", datatype: "FP32", shape: [-1, 1] }]);
      const [out] = await face.infer([{
        name: "features",
        datatype: "FP32",
        shape: [2, 2],
        data: new Float32Array([3, 1, 3, 1]),
      }], []);
      assert.equal(out.name, "prediction");
      assert.deepEqual(out.shape, [2, 1]);
      assert.equal((out.data as Float32Array)[0], (out.data as Float32Array)[1]);
      assert.equal(shortestFloat32((out.data as Float32Array)[0]), first.data.result.prediction);
    } finally {
      await wrapper.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tabular-regressor: the per-column face encodes raw columns (MLP, text, gaps)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "regressor_columns_" });
  try {
    const { bundle } = await trained(dir, "prices", regressionCsv(120), "mlp");
    assert.equal(bundle.spec.module?.id, "tabular-regressor");
    const wrapper = new TabularRegressor();
    await wrapper.initialize({ bundle });
    try {
      const face = wrapper.tensorModel()!;
      assert.deepEqual(face.inputs.map((t) => [t.name, t.datatype]), [
        ["size", "FP32"],
        ["colour", "BYTES"],
        ["note", "BYTES"],
      ]);
      const row = { size: 20, colour: "blue", note: "brand new and shiny" };
      const [out] = await face.infer([
        { name: "size", datatype: "FP32", shape: [2], data: new Float32Array([20, NaN]) },
        {
          name: "colour",
          datatype: "BYTES",
          shape: [2],
          data: [encoder.encode("blue"), encoder.encode("blue")],
        },
        {
          name: "note",
          datatype: "BYTES",
          shape: [2],
          data: [encoder.encode(row.note), encoder.encode(row.note)],
        },
      ], ["prediction"]);
      assert.deepEqual(out.shape, [2, 1]);
      const [predicted, imputed] = out.data as Float32Array;
      const answer = await wrapper.handleInput(input(row), OPTIONS);
      const document = JSON.parse(decoder.decode(answer.get("results.json")));
      assert.equal(document.data.result.prediction, shortestFloat32(predicted));
      // 3·20 + 15·2 + 20 = 110; the MLP gets near it.
      assert.ok(Math.abs(predicted - 110) < 15, `prediction ${predicted}`);
      assert.ok(Number.isFinite(imputed), "a missing size is imputed with the training mean");
    } finally {
      await wrapper.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tabular-regressor: a classifier's graph is refused at load, naming the output", async () => {
  const bundle = await loadBundle(embeddedBundleRoot());
  const config = bundle.spec.module!.config;
  const wrongModule: Bundle = {
    ...bundle,
    spec: { ...bundle.spec, module: { id: "tabular-regressor", config } },
  };
  const wrapper = new TabularRegressor();
  await assert.rejects(
    wrapper.initialize({ bundle: wrongModule }),
    (error: unknown) =>
      error instanceof RuntimeError && error.kind === "internal" &&
      error.message.endsWith("expected output 'prediction' float32 [batch, 1], found none"),
  );
});
