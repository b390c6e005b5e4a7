/**
 * The Silero VAD example end to end: `--check` runs its test cases (two
 * sentences in 16 kHz mono 16-bit and in 44.1 kHz stereo 24-bit WAV); then
 * `deno task serve`'s sandbox serves it on free ports, and a Modzy Run
 * (input.wav in, results.json out) and an Open Inference Protocol gRPC
 * ModelInfer (a BYTES tensor named input.wav, raw) answer the expected segments — the model code
 * finds silero_vad_v5.onnx in the project's node_modules under the sandbox.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ModzyClient } from "../../runtime/client/modzy_client.ts";
import { grpcObject } from "../../runtime/protocols/wire/proto_loader.ts";
import { PROJECT_ROOT, runCli } from "../../tests/support/cli.ts";
import { startSandboxedServe } from "../../tests/support/sandboxed_serve.ts";

const BUNDLE = join(PROJECT_ROOT, "examples", "silero-vad");
const CASES = join(BUNDLE, "0.1.0", "test_cases");
const decoder = new TextDecoder();

Deno.test("silero-vad: --check passes its test cases", async () => {
  const checked = await runCli(["--check", "--bundle", BUNDLE]);
  assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  assert.match(checked.stdout, /^8 passed, 0 failed$/m);
});

Deno.test("silero-vad: served in the sandbox, Modzy and OIP answer the segments", async () => {
  const server = startSandboxedServe(BUNDLE);
  const port = server.port;
  const client = new ModzyClient(`127.0.0.1:${port}`);
  try {
    const status = await client.status({ waitForReady: true });
    assert.equal(status.status_code, 200, status.message);
    const wav = await Deno.readFile(join(CASES, "two_sentences_16k_mono_s16", "input.wav"));
    const expected = JSON.parse(
      await Deno.readTextFile(join(CASES, "two_sentences_16k_mono_s16", "results.json")),
    );
    const run = await client.run([{ "input.wav": wav }]);
    assert.ok(run.outputs[0].success, JSON.stringify(run.outputs[0]));
    const modzy = JSON.parse(decoder.decode(run.outputs[0].output["results.json"]));
    assert.deepEqual(modzy, expected);
    assert.equal(modzy.data.result.segments.length, 2);

    // OIP gRPC: the WAV as a BYTES tensor named after the file, in raw_input_contents.
    const stereo = await Deno.readFile(join(CASES, "two_sentences_44k1_stereo_s24", "input.wav"));
    const raw = new Uint8Array(4 + stereo.length);
    new DataView(raw.buffer).setUint32(0, stereo.length, true);
    raw.set(stereo, 4);
    const inference = grpcObject("grpc_predict_v2.proto").inference as grpc.GrpcObject;
    const Service = inference.GRPCInferenceService as grpc.ServiceClientConstructor;
    const oipClient = new Service(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      const answer = await new Promise<{ raw_output_contents: Uint8Array[] }>((resolve, reject) =>
        (oipClient as unknown as Record<
          string,
          (r: unknown, cb: (e: unknown, v: never) => void) => void
        >)
          .ModelInfer.call(oipClient, {
            model_name: "silero-vad",
            inputs: [{ name: "input.wav", datatype: "BYTES", shape: [1] }],
            raw_input_contents: [raw],
          }, (error, value) => error ? reject(error) : resolve(value))
      );
      const bytes = answer.raw_output_contents[0];
      const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
      const oip = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length)));
      assert.deepEqual(
        oip,
        JSON.parse(
          await Deno.readTextFile(join(CASES, "two_sentences_44k1_stereo_s24", "results.json")),
        ),
      );
    } finally {
      oipClient.close();
    }
  } finally {
    client.close();
    await server.stop();
  }
});
