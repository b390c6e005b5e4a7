/**
 * Validates models written by encodeOnnxModel with the reference ONNX checker
 * (Debian's python3-onnx, run through /usr/bin/python3, not whatever python3
 * is first on PATH). Locally the test is skipped, with a message, when that
 * package is absent; under CI (CI=true) its absence is a failure.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { OnnxModelSpec } from "../runtime/backends/onnx/graph_types.ts";
import { encodeOnnxModel } from "../runtime/backends/onnx/model_writer.ts";
import { float16Model, LOGISTIC, logisticModel, modelOf } from "./fixtures/onnx/models.ts";

const SYSTEM_PYTHON = "/usr/bin/python3";
const INSTALL_HINT = "install it with: apt-get update && apt-get install -y python3-onnx";

/** Runs a Python snippet with the system interpreter in isolated mode. */
async function systemPython(code: string, ...args: string[]): Promise<Deno.CommandOutput> {
  return await new Deno.Command(SYSTEM_PYTHON, {
    args: ["-I", "-c", code, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
}

/** Whether /usr/bin/python3 can import onnx. */
async function onnxCheckerAvailable(): Promise<boolean> {
  try {
    return (await systemPython("import onnx")).success;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

const available = await onnxCheckerAvailable();
const inCi = Deno.env.get("CI") === "true";
if (!available && !inCi) {
  console.log(
    `onnx_reference_checker_test: skipped, ${SYSTEM_PYTHON} cannot import onnx (python3-onnx); ${INSTALL_HINT}`,
  );
}

/** Loads, fully checks and summarises a model file with the ONNX reference implementation. */
const CHECK_SCRIPT = `
import json, sys
import onnx
from onnx import numpy_helper
model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
print(json.dumps({
    "ir_version": model.ir_version,
    "opsets": [[o.domain, o.version] for o in model.opset_import],
    "producer": model.producer_name,
    "metadata": {p.key: p.value for p in model.metadata_props},
    "initializers": {t.name: numpy_helper.to_array(t).tolist() for t in model.graph.initializer},
    "inputs": [
        [i.name, i.type.tensor_type.elem_type,
         [d.dim_param if d.HasField("dim_param") else d.dim_value
          for d in i.type.tensor_type.shape.dim]]
        for i in model.graph.input
    ],
}))
`;

/** Writes the spec to a temporary file and runs the checker on it. */
async function checkWithOnnx(spec: OnnxModelSpec): Promise<Record<string, unknown>> {
  const directory = await Deno.makeTempDir({ prefix: "onnx_checker_" });
  try {
    const path = join(directory, "model.onnx");
    await Deno.writeFile(path, encodeOnnxModel(spec));
    const output = await systemPython(CHECK_SCRIPT, path);
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, `onnx.checker rejected the model:\n${stderr}`);
    return JSON.parse(new TextDecoder().decode(output.stdout));
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
}

Deno.test({
  name: "checker: python3-onnx is present under CI",
  ignore: available || !inCi,
  fn: () => {
    assert.fail(`CI=true but ${SYSTEM_PYTHON} cannot import onnx; ${INSTALL_HINT}`);
  },
});

Deno.test({
  name: "checker: the logistic-regression graph (opset 17, IR 8) passes check_model(full_check)",
  ignore: !available,
  fn: async () => {
    const summary = await checkWithOnnx(logisticModel());
    assert.equal(summary.ir_version, 8);
    assert.deepEqual(summary.opsets, [["", 17]]);
    assert.equal(summary.producer, "onnx-tests");
    assert.deepEqual(summary.metadata, { classes: "a,b,c" });
    assert.deepEqual(summary.inputs, [["features", 1, ["batch", 2]]]);
    const initializers = summary.initializers as Record<string, unknown>;
    assert.deepEqual(initializers.mean, LOGISTIC.mean);
    assert.deepEqual(initializers.std, LOGISTIC.std);
    assert.deepEqual(initializers.W, [LOGISTIC.weights.slice(0, 3), LOGISTIC.weights.slice(3)]);
    assert.deepEqual(
      initializers.b,
      LOGISTIC.bias.map((value) => Math.fround(value)),
    );
  },
});

Deno.test({
  name: "checker: float16, int64, bool and string constants decode to the same values in onnx",
  ignore: !available,
  fn: async () => {
    const fp16 = await checkWithOnnx(float16Model());
    assert.deepEqual((fp16.initializers as Record<string, unknown>).offset, [0.5, -1.25, 1024]);

    const constants = await checkWithOnnx(modelOf({
      name: "constants",
      inputs: [{ name: "x", type: "int64", shape: ["n"] }],
      outputs: [
        { name: "sum", type: "int64", shape: ["n"] },
        { name: "flags_out", type: "bool", shape: [2] },
        { name: "words_out", type: "string", shape: [2] },
        { name: "matrix", type: "int32", shape: [2, 2] },
      ],
      initializers: [
        { name: "big", type: "int64", dims: [1], values: [-(2n ** 62n)] },
        { name: "flags", type: "bool", dims: [2], values: [true, false] },
        { name: "words", type: "string", dims: [2], values: ["héllo", ""] },
      ],
      nodes: [
        { opType: "Add", inputs: ["x", "big"], outputs: ["sum"] },
        { opType: "Identity", inputs: ["flags"], outputs: ["flags_out"] },
        { opType: "Identity", inputs: ["words"], outputs: ["words_out"] },
        {
          opType: "Constant",
          inputs: [],
          outputs: ["matrix"],
          attributes: {
            value: { t: { name: "", type: "int32", dims: [2, 2], values: [1, 2, 3, 4] } },
          },
        },
      ],
    }));
    const initializers = constants.initializers as Record<string, unknown>;
    assert.deepEqual(initializers.big, [-(2 ** 62)]);
    assert.deepEqual(initializers.flags, [true, false]);
    assert.deepEqual(initializers.words, ["héllo", ""]);
  },
});
