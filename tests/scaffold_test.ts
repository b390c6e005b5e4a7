/**
 * `--scaffold`: wrapping plain ONNX files (FP32, and one mixing BYTES, INT64
 * and FP16 with a fixed shape) into bundles that pass `--check`, served by
 * the onnx-tensor module over both doors; and the refusals (missing file,
 * existing folder without --force, no --out).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { encodeOnnxModel } from "../runtime/backends/onnx/model_writer.ts";
import { loadBundle } from "../runtime/bundle/load.ts";
import { scaffoldBundle } from "../runtime/scaffold/scaffold_bundle.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { createLogger } from "../runtime/base/log.ts";
import { addModel, modelOf } from "./fixtures/onnx/models.ts";
import { runCli } from "./support/cli.ts";

function mixedModel() {
  return modelOf({
    name: "mixed",
    inputs: [
      { name: "text", type: "string", shape: ["n"] },
      { name: "count", type: "int64", shape: [2] },
      { name: "half", type: "float16", shape: ["b", 2] },
    ],
    outputs: [
      { name: "text_out", type: "string", shape: ["n"] },
      { name: "count_out", type: "int64", shape: [2] },
      { name: "half_out", type: "float16", shape: ["b", 2] },
    ],
    initializers: [],
    nodes: [
      { opType: "Identity", inputs: ["text"], outputs: ["text_out"] },
      { opType: "Identity", inputs: ["count"], outputs: ["count_out"] },
      { opType: "Relu", inputs: ["half"], outputs: ["half_out"] },
    ],
  });
}

Deno.test("scaffold: CLI wraps ONNX files into bundles that pass --check", async () => {
  const temp = await Deno.makeTempDir({ prefix: "scaffold-" });
  try {
    for (
      const [file, spec] of [["adder.onnx", addModel()], ["mixed.onnx", mixedModel()]] as const
    ) {
      const onnx = join(temp, file);
      await Deno.writeFile(onnx, encodeOnnxModel(spec));
      const out = join(temp, `${file}-bundle`);
      const made = await runCli(["--scaffold", onnx, "--out", out, "--quiet"]);
      assert.equal(made.code, 0, made.stderr);
      assert.equal(made.stdout.trim(), join(out, "0.1.0"));
      const checked = await runCli(["--check", "--bundle", out]);
      assert.equal(checked.code, 0, checked.stdout + checked.stderr);
      assert.match(checked.stdout, /4 passed, 0 failed/);
    }
    const yaml = parse(await Deno.readTextFile(join(temp, "mixed.onnx-bundle/0.1.0/model.yaml")));
    assert.equal(yaml.name, "mixed");
    assert.equal(yaml.module.id, "onnx-tensor");
    assert.equal(yaml.features.maxBatchSize, 1);
    assert.match(yaml.description.technical, /'half' FP16 \[-1, 2\]/);
    const sample = JSON.parse(
      await Deno.readTextFile(join(temp, "mixed.onnx-bundle/0.1.0/test_cases/sample/results.json")),
    );
    assert.deepEqual(sample.outputs, [
      { name: "text_out", datatype: "BYTES", shape: [1], data: ["sample"] },
      { name: "count_out", datatype: "INT64", shape: [2], data: [0, 0] },
      { name: "half_out", datatype: "FP16", shape: [1, 2], data: [0.25, 0.5] },
    ]);
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});

Deno.test("scaffold: the bundle serves over OIP REST with introspected metadata", async () => {
  const temp = await Deno.makeTempDir({ prefix: "scaffold-" });
  try {
    const onnx = join(temp, "model.onnx");
    await Deno.writeFile(onnx, encodeOnnxModel(addModel()));
    const result = await scaffoldBundle({ onnxPath: onnx, out: temp, name: "My Adder" });
    const bundle = await loadBundle(result.dir);
    assert.equal(bundle.testCases.length, 1);
    assert.equal(bundle.spec.features.maxBatchSize, 8);
    const server = await serveModel({ bundle: result.dir, port: 0, log: createLogger("silent") });
    try {
      const base = `http://127.0.0.1:${server.http!.port}`;
      const metadata = await (await fetch(`${base}/v2/models/my-adder`)).json();
      assert.deepEqual(metadata.inputs, [{ name: "x", datatype: "FP32", shape: [-1, 3] }]);
      const answer = await fetch(`${base}/v2/models/my-adder/infer`, {
        method: "POST",
        body: JSON.stringify({
          inputs: [{ name: "x", datatype: "FP32", shape: [1, 3], data: [1, 1, 1] }],
        }),
      });
      assert.deepEqual((await answer.json()).outputs[0].data, [11, 21, 31]);
    } finally {
      await server.stop();
    }
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});

Deno.test("scaffold: refuses a missing file, an existing folder and a missing --out", async () => {
  const temp = await Deno.makeTempDir({ prefix: "scaffold-" });
  try {
    const missing = await runCli(["--scaffold", join(temp, "none.onnx"), "--out", temp]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read the ONNX file/);
    const onnx = join(temp, "m.onnx");
    await Deno.writeFile(onnx, encodeOnnxModel(addModel()));
    await scaffoldBundle({ onnxPath: onnx, out: join(temp, "b") });
    await assert.rejects(
      scaffoldBundle({ onnxPath: onnx, out: join(temp, "b") }),
      /is not empty; pass --force/,
    );
    await scaffoldBundle({ onnxPath: onnx, out: join(temp, "b"), force: true });
    const noOut = await runCli(["--scaffold", onnx]);
    assert.equal(noOut.code, 2);
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});
