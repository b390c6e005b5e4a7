/**
 * A regression CSV end to end: `main.ts --train` (ridge on scikit-learn's
 * diabetes, the MLP on a CSV with numeric gaps, categories and text) writes
 * bundles that `--check` passes; served, the Modzy Run answers exactly
 * `{"data":{"result":{"prediction":…},"explanation":null,"drift":null}}`
 * and the Open Inference Protocol (REST and gRPC ModelInfer) answers
 * `prediction` FP32 [batch, 1]; `--predict` appends a `prediction` column;
 * the training service trains a regressor from `--train --target --task
 * regression` and reports RMSE, MAE and R², and refuses an unknown task.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { parse } from "csv-parse/sync";
import { createLogger } from "../runtime/base/log.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { TrainingClient } from "../runtime/client/training_client.ts";
import { shortestFloat32 } from "../runtime/modules/regression_model.ts";
import { grpcObject } from "../runtime/protocols/wire/proto_loader.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { regressionMetrics } from "../runtime/train/regression_metrics.ts";
import { runCli } from "./support/cli.ts";
import { fromContents, typedContents } from "./support/oip_wire.ts";
import { regressionCsv } from "./support/training_data.ts";

const DIABETES = join(import.meta.dirname!, "fixtures", "tabular", "diabetes.csv");
const RESULT =
  /^\{"data":\{"result":\{"prediction":-?\d+(\.\d+)?(e[+-]\d+)?\},"explanation":null,"drift":null\}\}$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// deno-lint-ignore no-explicit-any
type Message = any;

/** A grpc-js client of inference.GRPCInferenceService and a unary call helper. */
function oipClient(port: number) {
  const inference = grpcObject("grpc_predict_v2.proto").inference as grpc.GrpcObject;
  const Service = inference.GRPCInferenceService as grpc.ServiceClientConstructor;
  const client = new Service(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const infer = (request: unknown) =>
    new Promise<Message>((resolve, reject) =>
      client.ModelInfer(
        request,
        (error: Error | null, value: Message) => error ? reject(error) : resolve(value),
      )
    );
  return { client, infer };
}

async function postJson(url: string, body: unknown): Promise<Message> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200);
  return await response.json();
}

Deno.test("regression end to end: train (linear, mlp), check, serve (Modzy, OIP REST and gRPC), predict", async () => {
  const dir = await Deno.makeTempDir({ prefix: "regression_e2e_" });
  try {
    const pricesCsv = join(dir, "prices.csv");
    await Deno.writeTextFile(pricesCsv, regressionCsv(150));
    const linear = join(dir, "linear"), mlp = join(dir, "mlp");
    const [trainLinear, trainMlp] = await Promise.all([
      runCli(["--train", DIABETES, "--out", linear, "--model", "linear"]),
      runCli(["--train", pricesCsv, "--out", mlp, "--model", "mlp"]),
    ]);
    assert.equal(trainLinear.code, 0, trainLinear.stderr);
    assert.equal(trainLinear.stdout.trim(), join(linear, "0.1.0"));
    assert.match(trainLinear.stderr, /task: regression \(label 'target' holds 214 distinct/);
    assert.equal(trainMlp.code, 0, trainMlp.stderr);
    assert.match(
      trainMlp.stderr,
      /task: regression \(label 'price' holds numbers that are not whole/,
    );

    const checks = await Promise.all(
      [linear, mlp].map((bundle) => runCli(["--check", "--bundle", bundle])),
    );
    for (const check of checks) assert.equal(check.code, 0, check.stdout + check.stderr);

    const scored = join(dir, "scored.csv");
    const predict = await runCli(["--predict", DIABETES, "--bundle", linear, "--out", scored]);
    assert.equal(predict.code, 0, predict.stderr);
    const records: string[][] = parse(await Deno.readTextFile(scored));
    assert.deepEqual(records[0].slice(-2), ["target", "prediction"]);
    assert.equal(records.length, 443);
    const actual = records.slice(1).map((record) => Number(record[10]));
    const predicted = records.slice(1).map((record) => Number(record[11]));
    assert.ok(predicted.every(Number.isFinite));
    assert.ok(regressionMetrics(actual, predicted).r2 > 0.4);

    const caseDir = join(linear, "0.1.0", "test_cases");
    const caseName = [...Deno.readDirSync(caseDir)].map((entry) => entry.name).sort()[0];
    const caseInput = await Deno.readFile(join(caseDir, caseName, "input.json"));
    const caseOutput = await Deno.readTextFile(join(caseDir, caseName, "results.json"));
    const features = Object.values(JSON.parse(decoder.decode(caseInput))) as number[];
    const expected = JSON.parse(caseOutput).data.result.prediction;

    const server = await serveModel({ bundle: linear, port: 0, log: createLogger("silent") });
    const modzy = new ModzyClient(`127.0.0.1:${server.port}`);
    const oip = oipClient(server.port);
    try {
      const run = await modzy.run([{ "input.json": caseInput }, { "input.json": caseInput }]);
      for (const item of run.outputs) {
        const text = decoder.decode(item.output["results.json"]);
        assert.match(text, RESULT);
        assert.equal(text, caseOutput);
      }

      const base = `http://127.0.0.1:${server.http!.port}/v2/models/diabetes`;
      const metadata = await (await fetch(base)).json();
      assert.deepEqual(metadata.outputs, [{
        name: "prediction",
        datatype: "FP32",
        shape: [-1, 1],
      }]);
      const rest = await postJson(`${base}/infer`, {
        inputs: [{
          name: "features",
          datatype: "FP32",
          shape: [2, 10],
          data: [...features, ...features],
        }],
      });
      assert.deepEqual(rest.outputs.map((o: Message) => [o.name, o.datatype, o.shape]), [
        ["prediction", "FP32", [2, 1]],
      ]);
      assert.deepEqual(rest.outputs[0].data.map(shortestFloat32), [expected, expected]);

      const grpcAnswer = await oip.infer({
        model_name: "diabetes",
        inputs: [{
          name: "features",
          datatype: "FP32",
          shape: [2, 10],
          contents: typedContents("FP32", [...features, ...features]),
        }],
      });
      const [output] = grpcAnswer.outputs;
      assert.deepEqual([output.name, output.datatype, output.shape.map(Number)], [
        "prediction",
        "FP32",
        [2, 1],
      ]);
      const values = grpcAnswer.raw_output_contents?.length
        ? Array.from(new Float32Array(new Uint8Array(grpcAnswer.raw_output_contents[0]).buffer))
        : fromContents("FP32", output.contents) as number[];
      assert.deepEqual(values.map(shortestFloat32), [expected, expected]);
    } finally {
      modzy.close();
      oip.client.close();
      await server.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("regression end to end: the training service trains a regressor and reports RMSE, MAE, R²", async () => {
  const dir = await Deno.makeTempDir({ prefix: "regression_service_" });
  const server = await serveModel({ port: 0, trainingDir: dir, log: createLogger("silent") });
  const target = `127.0.0.1:${server.port}`;
  const training = new TrainingClient(target);
  const modzy = new ModzyClient(target);
  try {
    const remote = await runCli([
      "--train",
      DIABETES,
      "--target",
      target,
      "--name",
      "Progression",
      "--task",
      "regression",
      "--model",
      "linear",
    ]);
    assert.equal(remote.code, 0, remote.stderr);
    const lines = remote.stdout.trim().split("\n");
    assert.deepEqual(lines.slice(1, 3), ["model_name: Progression", "state: COMPLETED"]);
    assert.match(lines[3], /^rmse: \d+\.\d+$/);
    assert.match(lines[4], /^mae: \d+\.\d+$/);
    assert.match(lines[5], /^r2: 0\.\d+$/);
    assert.equal(lines[6], "model: linear");
    assert.equal(lines[7], `bundle_dir: ${join(dir, "Progression", "0.1.0")}`);

    const id = lines[0].replace("training_id: ", "");
    const status = await training.status(id);
    assert.equal(status.metrics?.task, "regression");
    assert.ok(status.metrics!.r2 > 0.3 && status.metrics!.mae < status.metrics!.rmse);
    assert.equal(status.metrics!.accuracy, 0);
    assert.deepEqual(status.metrics!.per_class, []);

    const row = JSON.stringify([59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87]);
    const run = await modzy.run([{ "input.json": encoder.encode(row) }], {}, {
      modelId: "Progression",
    });
    assert.match(decoder.decode(run.outputs[0].output["results.json"]), RESULT);

    await assert.rejects(
      training.train({ modelName: "x", csvPath: DIABETES, task: "forecast" }),
      (error: { code?: number; details?: string }) =>
        error.code === 3 &&
        error.details === "task 'forecast' is not one of classification, regression",
    );
  } finally {
    training.close();
    modzy.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
