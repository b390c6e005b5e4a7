/**
 * The runtime against a foreign client: Python stubs generated at test time
 * by Debian's protoc from tests/foreign/modzy_spec.proto (written from the
 * contract's field table), driven by Debian's python3-grpcio, talking to the
 * real CLI server (`main.ts --serve --lazy`) in a child process. The client
 * does what the template's reference client does — Status, a one-item Run,
 * an eight-item Run — plus a Run with bad items and a Shutdown.
 *
 * Skipped locally (with a message) when the Debian packages are missing;
 * under CI=true it runs and fails instead. Packages: python3-grpcio
 * python3-protobuf protobuf-compiler protobuf-compiler-grpc.
 */
import assert from "node:assert/strict";
import { readEmbeddedBundle } from "./foreign/embedded_bundle.ts";
import {
  assertErrorItem,
  assertRunHead,
  assertStatus,
  assertSuccessItem,
  type RunLike,
  type StatusLike,
} from "./foreign/expectations.ts";
import {
  assertForeignToolchain,
  generatePythonStubs,
  runPythonClient,
  skipForeignTests,
} from "./foreign/python_client.ts";
import { startServerProcess } from "./support/server_process.ts";

interface SessionResult {
  status: StatusLike[];
  run_single: RunLike;
  run_batch: RunLike;
  run_bad: RunLike;
  shutdown: StatusLike;
}

Deno.test({
  name: "foreign Python client: Status, Run 1 and 8 items, bad items, Shutdown against main.ts",
  ignore: skipForeignTests(),
  async fn() {
    assertForeignToolchain();
    const bundle = await readEmbeddedBundle();
    const testCase = bundle.firstCase;
    await using stubs = await generatePythonStubs();
    await using server = await startServerProcess({ lazy: true });

    const inputs = Object.entries(testCase.inputPaths).map(([name, path]) => `${name}=${path}`);
    let session: SessionResult;
    try {
      session = await runPythonClient(stubs, [
        "session",
        "--target",
        server.target,
        ...inputs.flatMap((pair) => ["--input", pair]),
        "--shutdown",
      ]) as SessionResult;
    } catch (error) {
      const stderr = await server.stop();
      throw new Error(`${(error as Error).message}\nserver stderr:\n${stderr}`);
    }

    assert.equal(session.status.length, 2);
    assertStatus(session.status[0], bundle.status, "Model Initialized Successfully.");
    assertStatus(session.status[1], bundle.status, "Model Already Initialized.");

    assertRunHead(session.run_single, 1);
    assertSuccessItem(session.run_single.outputs[0], testCase);

    assertRunHead(session.run_batch, 8);
    for (const item of session.run_batch.outputs) assertSuccessItem(item, testCase);

    assertRunHead(session.run_bad, 3);
    assertSuccessItem(session.run_bad.outputs[0], testCase);
    assertErrorItem(session.run_bad.outputs[1]);
    assertErrorItem(session.run_bad.outputs[2]);

    assert.deepEqual(session.shutdown, {
      status_code: 200,
      status: "OK",
      message: "Model Shutdown Successfully.",
    });
    const code = await server.waitForExit(15_000);
    assert.equal(code, 0, "the server exits cleanly after Shutdown");
  },
});
