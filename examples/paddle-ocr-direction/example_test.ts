/**
 * The PaddleOCR text-direction example end to end, as its README tells a
 * user to run it: `--check` passes its test cases; `deno task serve` (the
 * sandbox: the model code reads only the project) serves it on free ports;
 * a Modzy Run answers each case's image with its results.json, one item at a
 * time and all in one Run; Open Inference Protocol gRPC ModelInfer takes the
 * image as a BYTES tensor named `image` and answers results.json; OIP REST
 * describes the model and turns away a file that is no image with 400;
 * `--check --target` passes through the running server.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ModzyClient } from "../../runtime/client/modzy_client.ts";
import { grpcObject } from "../../runtime/protocols/wire/proto_loader.ts";
import { runCli } from "../../tests/support/cli.ts";
import { unary } from "../../tests/support/ops_clients.ts";
import { startSandboxedServe } from "../../tests/support/sandboxed_serve.ts";

const BUNDLE = join(import.meta.dirname!);
const CASES = join(BUNDLE, "0.1.0", "test_cases");
const decoder = new TextDecoder();

/** Each test case: its name, its image and its expected results.json. */
const cases = [...Deno.readDirSync(CASES)].map((entry) => entry.name).sort().map((name) => ({
  name,
  image: Deno.readFileSync(join(CASES, name, "image")),
  expected: Deno.readTextFileSync(join(CASES, name, "results.json")),
}));

Deno.test("paddle-ocr-direction: --check passes every test case", async () => {
  const check = await runCli(["--check", "--bundle", BUNDLE]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.equal(cases.length, 6);
  assert.match(check.stdout, new RegExp(`^${cases.length * 4} passed, 0 failed$`, "m"));
});

Deno.test("paddle-ocr-direction: served in the sandbox, over Modzy, OIP gRPC and REST", async () => {
  const server = startSandboxedServe(BUNDLE);
  const { port, httpPort } = server;
  const target = `127.0.0.1:${port}`;
  const modzy = new ModzyClient(target);
  const inference = grpcObject("grpc_predict_v2.proto").inference as grpc.GrpcObject;
  const Service = inference.GRPCInferenceService as grpc.ServiceClientConstructor;
  const oip = new Service(target, grpc.credentials.createInsecure());
  let used = false;
  try {
    const status = await modzy.status({ waitForReady: true, timeoutMs: 60_000 });
    assert.equal(status.status_code, 200, status.message);

    // Modzy: each image alone, then all in one Run.
    for (const { name, image, expected } of cases) {
      const run = await modzy.run([{ image }]);
      assert.ok(run.outputs[0].success, `${name}: ${JSON.stringify(run.outputs[0])}`);
      assert.equal(decoder.decode(run.outputs[0].output["results.json"]), expected, name);
    }
    const all = await modzy.run(cases.map(({ image }) => ({ image })));
    assert.deepEqual(
      all.outputs.map((item) => decoder.decode(item.output["results.json"])),
      cases.map(({ expected }) => expected),
    );

    // OIP gRPC: the file as a BYTES tensor named after it.
    const upsideDown = cases.find(({ name }) => name === "upside_down")!;
    // deno-lint-ignore no-explicit-any
    const answer: any = await unary(oip, "ModelInfer", {
      model_name: "paddle-ocr-direction",
      inputs: [{
        name: "image",
        datatype: "BYTES",
        shape: [1],
        contents: { bytes_contents: [upsideDown.image] },
      }],
    });
    assert.equal(answer.outputs[0].name, "results.json");
    const bytes = answer.outputs[0].contents?.bytes_contents?.[0] ?? answer.raw_output_contents[0];
    assert.deepEqual(JSON.parse(decoder.decode(bytes)).data.result, { angle: 180, score: 1 });

    // OIP REST: the model's metadata, and a file that is no image turned away.
    const base = `http://127.0.0.1:${httpPort}/v2/models/paddle-ocr-direction`;
    const metadata = await (await fetch(base)).json();
    assert.deepEqual(metadata.inputs, [{ name: "image", datatype: "BYTES", shape: [1] }]);
    const notImage = await fetch(`${base}/infer`, {
      method: "POST",
      body: JSON.stringify({
        inputs: [{ name: "image", datatype: "BYTES", shape: [1], data: ["plain text"] }],
      }),
    });
    assert.equal(notImage.status, 400);
    assert.deepEqual(await notImage.json(), { error: "image is not a JPEG or PNG image" });

    // The same test cases through the running server.
    const remote = await runCli(["--check", "--bundle", BUNDLE, "--target", target]);
    assert.equal(remote.code, 0, remote.stdout + remote.stderr);
    assert.match(remote.stdout, /^\d+ passed, 0 failed$/m);
    used = true;
  } finally {
    modzy.close();
    oip.close();
    // Always wait for the server, so that none outlives the test.
    const { code, stderr } = await server.stop();
    if (used) assert.equal(code, 0, stderr);
  }
});
