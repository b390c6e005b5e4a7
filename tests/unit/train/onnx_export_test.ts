/**
 * ONNX export of the trainer: graph shape (opset 17, IR 8, the five nodes,
 * metadata), a real onnxruntime session reproducing the trainer's forward
 * pass, and the 1e-4 export check failing with an `internal` error.
 */
import assert from "node:assert/strict";
import { onnxMessageType } from "../../../runtime/backends/onnx/onnx_schema.ts";
import { OnnxSession } from "../../../runtime/backends/onnx/session.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { runProbabilities } from "../../../runtime/modules/probability_model.ts";
import { parseCsvText } from "../../../runtime/train/csv_records.ts";
import { stratifiedHoldoutSplit } from "../../../runtime/train/holdout_split.ts";
import { exportSoftmaxModel } from "../../../runtime/train/onnx_export.ts";
import {
  fitSoftmaxRegression,
  predictProbabilities,
  type SoftmaxModel,
} from "../../../runtime/train/softmax_regression.ts";
import { fitStandardizer, standardizeRows } from "../../../runtime/train/standardizer.ts";
import { HYPER_PARAMETERS } from "../../../runtime/train/train.ts";
import { buildTrainingTable, type TrainingTable } from "../../../runtime/train/training_table.ts";
import { EXPORT_TOLERANCE, verifyExport } from "../../../runtime/train/verify_export.ts";

const CSV = [
  "width,height,weight,kind",
  ...Array.from({ length: 30 }, (_, i) => {
    const kind = ["ant", "bee", "cat"][i % 3];
    const base = (i % 3) * 2;
    return `${base + (i % 5) * 0.3},${base * 0.5 + (i % 4) * 0.4},${7 + (i % 7) * 0.1},${kind}`;
  }),
].join("\n");

function trained(): { table: TrainingTable; holdout: readonly number[]; model: SoftmaxModel } {
  const table = buildTrainingTable("toy.csv", parseCsvText("toy.csv", CSV));
  const split = stratifiedHoldoutSplit(table, 0.2, 42);
  const f = table.featureNames.length;
  const standardizer = fitStandardizer(table.features, f, split.train);
  const inputs = standardizeRows(standardizer, table.features, f, split.train);
  const targets = Int32Array.from(split.train, (row) => table.targets[row]);
  const { model } = fitSoftmaxRegression(inputs, targets, 3, standardizer, HYPER_PARAMETERS);
  return { table, holdout: split.holdout, model };
}

function rowsOf(table: TrainingTable, rows: readonly number[]): Float64Array {
  const f = table.featureNames.length;
  return Float64Array.from(
    rows.flatMap((row) => [...table.features.subarray(row * f, row * f + f)]),
  );
}

const about = (table: TrainingTable) => ({
  name: "toy",
  featureNames: table.featureNames,
  classLabels: table.classLabels,
  labelName: table.labelName,
});

Deno.test("export: opset 17, IR 8, Sub-Div-MatMul-Add-Softmax, metadata", () => {
  const { table, model } = trained();
  const type = onnxMessageType("ModelProto");
  const decoded = type.toObject(type.decode(exportSoftmaxModel(model, about(table))), {
    longs: Number,
  }) as {
    ir_version: number;
    opset_import: { domain?: string; version: number }[];
    metadata_props: { key: string; value: string }[];
    graph: { node: { op_type: string }[]; input: { name: string }[]; output: { name: string }[] };
  };
  assert.equal(decoded.ir_version, 8);
  assert.deepEqual(decoded.opset_import.map((entry) => entry.version), [17]);
  assert.deepEqual(decoded.graph.node.map((node) => node.op_type), [
    "Sub",
    "Div",
    "MatMul",
    "Add",
    "Softmax",
  ]);
  assert.deepEqual(decoded.graph.input.map((value) => value.name), ["features"]);
  assert.deepEqual(decoded.graph.output.map((value) => value.name), ["probabilities"]);
  const metadata = Object.fromEntries(decoded.metadata_props.map((p) => [p.key, p.value]));
  assert.deepEqual(JSON.parse(metadata.feature_names), ["width", "height", "weight"]);
  assert.deepEqual(JSON.parse(metadata.labels), ["ant", "bee", "cat"]);
  assert.equal(metadata.label_column, "kind");
});

Deno.test("export: onnxruntime reproduces the trainer's probabilities and the check passes", async () => {
  const { table, holdout, model } = trained();
  const session = await OnnxSession.openBytes(exportSoftmaxModel(model, about(table)));
  try {
    assert.deepEqual(session.inputs.map((info) => [info.name, info.type, info.shape]), [
      ["features", "float32", [-1, 3]],
    ]);
    assert.deepEqual(session.outputs.map((info) => [info.name, info.type, info.shape]), [
      ["probabilities", "float32", [-1, 3]],
    ]);
    const expected = predictProbabilities(model, table.features, holdout);
    const check = await verifyExport(
      session,
      rowsOf(table, holdout),
      holdout.length,
      expected,
      table.classLabels,
    );
    assert.equal(check.rows, holdout.length);
    assert.ok(check.maxDifference < 1e-5, `difference ${check.maxDifference}`);
  } finally {
    await session.close();
  }
});

Deno.test("export: a difference above 1e-4 fails the check with an internal error", async () => {
  const { table, holdout, model } = trained();
  const session = await OnnxSession.openBytes(exportSoftmaxModel(model, about(table)));
  try {
    const features = rowsOf(table, holdout);
    const actual = await runProbabilities(
      session,
      Float32Array.from(features),
      holdout.length,
      3,
      3,
    );
    const expected = Float64Array.from(actual);
    expected[4] += 2 * EXPORT_TOLERANCE; // holdout row 2, class 'bee'
    const difference = Math.abs(actual[4] - expected[4]);
    await assert.rejects(
      verifyExport(session, features, holdout.length, expected, table.classLabels),
      (error: unknown) => {
        assert.ok(error instanceof RuntimeError);
        assert.equal(error.kind, "internal");
        assert.equal(
          error.message,
          `ONNX export check failed: holdout row 2, class 'bee': onnxruntime gave ${actual[4]}, ` +
            `the trainer ${expected[4]} (difference ${difference} > 0.0001)`,
        );
        return true;
      },
    );
    // A difference just under the tolerance passes.
    expected[4] = actual[4] + 0.9 * EXPORT_TOLERANCE;
    await verifyExport(session, features, holdout.length, expected, table.classLabels);
  } finally {
    await session.close();
  }
});

Deno.test("export: a model whose weights differ from the trainer's is caught", async () => {
  const { table, holdout, model } = trained();
  const shifted: SoftmaxModel = {
    ...model,
    bias: model.bias.map((b, c) => b + (c === 0 ? 0.5 : 0)),
  };
  const session = await OnnxSession.openBytes(exportSoftmaxModel(shifted, about(table)));
  try {
    await assert.rejects(
      verifyExport(
        session,
        rowsOf(table, holdout),
        holdout.length,
        predictProbabilities(model, table.features, holdout),
        table.classLabels,
      ),
      (error: unknown) =>
        error instanceof RuntimeError && error.kind === "internal" &&
        error.message.startsWith("ONNX export check failed: holdout row 1, class 'ant'"),
    );
  } finally {
    await session.close();
  }
});

/** Whether Debian's python3-onnx (through /usr/bin/python3) can check models. */
async function onnxCheckerAvailable(): Promise<boolean> {
  try {
    const probe = new Deno.Command("/usr/bin/python3", {
      args: ["-I", "-c", "import onnx"],
      stdout: "null",
      stderr: "null",
    });
    return (await probe.output()).success;
  } catch {
    return false;
  }
}

Deno.test({
  name: "export: the reference ONNX checker accepts the exported model (full_check)",
  ignore: !(await onnxCheckerAvailable()) && Deno.env.get("CI") !== "true",
  fn: async () => {
    const { table, model } = trained();
    const dir = await Deno.makeTempDir({ prefix: "train_export_test_" });
    try {
      const path = `${dir}/model.onnx`;
      await Deno.writeFile(path, exportSoftmaxModel(model, about(table)));
      const output = await new Deno.Command("/usr/bin/python3", {
        args: [
          "-I",
          "-c",
          "import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)",
          path,
        ],
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
