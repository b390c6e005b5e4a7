/**
 * Graceful drain: a stop (signal or Shutdown RPC) turns readiness off at
 * once, lets calls in flight finish within the grace period, cuts them off
 * after it, and the CLI exits 0; a second signal exits at once.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import http2 from "node:http2";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { ModelHost } from "../runtime/core/model_host.ts";
import { createLogger } from "../runtime/base/log.ts";
import type { InputFiles, ModelWrapper, OutputFiles } from "../runtime/model/contract.ts";
import { ModelServer } from "../runtime/server/model_server.ts";
import { dataPlaneOf, testBundle } from "./support/test_bundle.ts";
import { startServerProcess } from "./support/server_process.ts";

const encoder = new TextEncoder();

/** Answers after `delayMs`. */
class SlowModel implements ModelWrapper {
  constructor(readonly delayMs: number) {}
  initialize(): Promise<void> {
    return Promise.resolve();
  }
  async handleInput(input: InputFiles): Promise<OutputFiles> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    return new Map([["results.json", input.get("input.json")!]]);
  }
}

async function slowServer(delayMs: number, graceMs: number) {
  const host = new ModelHost(testBundle(1), new SlowModel(delayMs));
  return await ModelServer.start({
    dataPlane: dataPlaneOf(host),
    port: 0,
    hostname: "127.0.0.1",
    log: createLogger("silent"),
    graceMs,
  });
}

Deno.test("stop: not ready at once, the call in flight finishes, new connections refused", async () => {
  const server = await slowServer(700, 10_000);
  const client = new ModzyClient(`127.0.0.1:${server.port}`);
  try {
    assert.equal(server.dataPlane.ready(), true);
    const inFlight = client.run([{ "input.json": encoder.encode("kept") }]);
    while (server.dataPlane.load.working === 0) await new Promise((r) => setTimeout(r, 5));
    const stopping = server.stop();
    assert.equal(server.dataPlane.ready(), false);
    assert.equal(server.dataPlane.draining, true);
    const answer = await inFlight;
    assert.equal(answer.outputs[0].success, true);
    assert.equal(new TextDecoder().decode(answer.outputs[0].output["results.json"]), "kept");
    await stopping;
    const late = new ModzyClient(`127.0.0.1:${server.port}`);
    await assert.rejects(
      late.status({ timeoutMs: 2_000 }),
      (e: grpc.ServiceError) => e.code === grpc.status.UNAVAILABLE,
    );
    late.close();
  } finally {
    client.close();
    await server.stop();
  }
});

Deno.test("stop: a call still running when the grace period ends is cut off", async () => {
  const server = await slowServer(5_000, 300);
  const client = new ModzyClient(`127.0.0.1:${server.port}`);
  try {
    const inFlight = client.run([{ "input.json": encoder.encode("too slow") }]);
    while (server.dataPlane.load.working === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await server.stop();
    assert.ok(Date.now() - started < 4_000, "the stop waited for the slow call");
    await assert.rejects(inFlight, (e: grpc.ServiceError) => e.code !== grpc.status.OK);
  } finally {
    client.close();
  }
  await new Promise((r) => setTimeout(r, 5_000)); // the abandoned model call ends
});

Deno.test("the CLI drains on SIGTERM and exits 0; a second signal exits at once", async () => {
  const first = await startServerProcess({ extraArgs: ["--grace", "5s"] });
  try {
    const client = new ModzyClient(first.target);
    assert.equal((await client.status()).status_code, 200);
    client.close();
    first.kill("SIGTERM");
    assert.equal(await first.waitForExit(30_000), 0);
    assert.match(await first.stop(), /SIGTERM received: draining/);
  } finally {
    await first.stop();
  }
  // A call that never completes (its request stream stays open) holds the
  // drain open for the whole grace period, so the second signal lands in it.
  const second = await startServerProcess({ extraArgs: ["--grace", "20s"] });
  const session = http2.connect(`http://${second.target}`);
  session.on("error", () => {});
  try {
    const stream = session.request({
      ":method": "POST",
      ":path": "/ModzyModel/Run",
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.on("error", () => {});
    stream.write(new Uint8Array([0, 0, 0, 0, 100, 1, 2]));
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    second.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(await second.waitForExit(1), null, "the drain waits for the open call");
    second.kill("SIGINT");
    assert.equal(await second.waitForExit(15_000), 130);
    assert.ok(Date.now() - started < 15_000);
    assert.match(await second.stop(), /second SIGINT during the drain: exiting at once/);
  } finally {
    session.destroy();
    await second.stop();
  }
});

Deno.test("the Shutdown RPC takes the same drain path and the CLI exits 0", async () => {
  const server = await startServerProcess();
  try {
    const client = new ModzyClient(server.target);
    const answer = await client.shutdown();
    assert.equal(answer.message, "Model Shutdown Successfully.");
    client.close();
    assert.equal(await server.waitForExit(30_000), 0);
  } finally {
    await server.stop();
  }
});

Deno.test("the same signal twice at once (Ctrl-C seen by the launcher and the server) drains once", async () => {
  const server = await startServerProcess({ extraArgs: ["--grace", "5s"] });
  try {
    server.kill("SIGINT");
    server.kill("SIGINT");
    assert.equal(await server.waitForExit(30_000), 0);
    assert.doesNotMatch(await server.stop(), /second SIGINT/);
  } finally {
    await server.stop();
  }
});
