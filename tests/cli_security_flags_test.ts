/**
 * The security flags end to end through the real program: a server started
 * with mutual TLS and tokens, reached by --health-check and --infer with the
 * client flags, and refusing clients without them.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { clientConnection } from "../runtime/client/client_security.ts";
import { runCli } from "./support/cli.ts";
import { startServerProcess } from "./support/server_process.ts";
import { makeTestCa } from "./support/test_ca.ts";

Deno.test("serve --tls-* --admin-token --token: clients with the right flags get through", async () => {
  const ca = await makeTestCa();
  const server = await startServerProcess({
    extraArgs: [
      "--tls-cert",
      ca.serverCert,
      "--tls-key",
      ca.serverKey,
      "--tls-ca",
      ca.ca,
      "--admin-token",
      "admin-secret",
      "--token",
      "user-secret",
    ],
  });
  try {
    const tls = ["--tls-ca", ca.ca, "--tls-cert", ca.clientCert, "--tls-key", ca.clientKey];
    const health = await runCli(["--health-check", "--target", server.target, ...tls]);
    assert.equal(health.stdout.trim(), "SERVING", health.stderr);
    assert.equal(health.code, 0);

    const infer = await runCli([
      "--infer",
      "--target",
      server.target,
      ...tls,
      "--token",
      "user-secret",
    ]);
    assert.equal(infer.code, 0, infer.stderr);
    assert.match(infer.stdout, /Status: 200/);

    const noToken = await runCli(["--infer", "--target", server.target, ...tls]);
    assert.equal(noToken.code, 1);
    assert.match(noToken.stderr, /Bearer|token|UNAUTHENTICATED/i);

    const noCert = await runCli(["--health-check", "--target", server.target, "--tls-ca", ca.ca]);
    assert.equal(noCert.code, 1);

    const plain = await runCli(["--health-check", "--target", server.target]);
    assert.equal(plain.code, 1);

    const asUser = clientConnection({
      tlsCa: ca.ca,
      tlsCert: ca.clientCert,
      tlsKey: ca.clientKey,
      token: "user-secret",
    }, server.target);
    const user = new ModzyClient(server.target, asUser.credentials, asUser.options);
    await assert.rejects(
      user.shutdown(),
      (e: grpc.ServiceError) => e.code === grpc.status.UNAUTHENTICATED,
    );
    user.close();
    const asAdmin = clientConnection({
      tlsCa: ca.ca,
      tlsCert: ca.clientCert,
      tlsKey: ca.clientKey,
      token: "admin-secret",
    }, server.target);
    const admin = new ModzyClient(server.target, asAdmin.credentials, asAdmin.options);
    assert.equal((await admin.shutdown()).status_code, 200);
    admin.close();
    assert.equal(await server.waitForExit(30_000), 0);
  } finally {
    await server.stop();
    await Deno.remove(ca.dir, { recursive: true });
  }
});

Deno.test("serve --no-admin: Shutdown refused as NOT_FOUND; bad security flags are usage errors", async () => {
  const server = await startServerProcess({ extraArgs: ["--no-admin"] });
  try {
    const client = new ModzyClient(server.target);
    await assert.rejects(client.shutdown(), (e: grpc.ServiceError) => {
      assert.equal(e.code, grpc.status.NOT_FOUND);
      assert.match(e.details, /switched off/);
      return true;
    });
    assert.equal((await client.status()).status_code, 200);
    client.close();
  } finally {
    await server.stop();
  }
  const badGrace = await runCli(["--serve", "--grace", "forever"]);
  assert.equal(badGrace.code, 2);
  assert.match(badGrace.stderr, /--grace takes a duration/);
  const badSize = await runCli(["--serve", "--max-message-size", "huge"]);
  assert.equal(badSize.code, 2);
  assert.match(badSize.stderr, /--max-message-size takes a size/);
  const halfPair = await runCli(["--serve", "--port", "0", "--tls-cert", "/nonexistent.pem"]);
  assert.equal(halfPair.code, 1);
  assert.match(halfPair.stderr, /--tls-cert and --tls-key go together/);
});

Deno.test("serve --max-message-size and --max-concurrent/--max-queue: limits from the command line", async () => {
  const server = await startServerProcess({
    extraArgs: ["--max-message-size", "2K", "--max-concurrent", "1", "--max-queue", "0"],
  });
  const client = new ModzyClient(server.target);
  try {
    const small = new TextEncoder().encode("[5.1, 3.5, 1.4, 0.2]");
    assert.equal((await client.run([{ "input.json": small }])).outputs[0].success, true);
    const big = new TextEncoder().encode(`[${"1,".repeat(2_000)}1]`);
    await assert.rejects(client.run([{ "input.json": big }]), (e: grpc.ServiceError) => {
      assert.equal(e.code, grpc.status.RESOURCE_EXHAUSTED);
      assert.match(e.details, /larger than max/);
      return true;
    });
    // With one turn and no queue, a burst sees some items refused as at capacity,
    // each as a per-item error, never a failed call.
    const burst = await Promise.all(
      Array.from({ length: 12 }, () => client.run([{ "input.json": small }])),
    );
    const texts = burst.map((answer) =>
      answer.outputs[0].success ? "ok" : new TextDecoder().decode(answer.outputs[0].output.error)
    );
    assert.ok(texts.includes("ok"));
    for (const text of texts.filter((t) => t !== "ok")) assert.match(text, /at capacity/);
    assert.equal((await client.run([{ "input.json": small }])).outputs[0].success, true);
  } finally {
    client.close();
    await server.stop();
  }
});

Deno.test("serve --max-message-size: an HTTP body over it is refused with 413, declared or chunked", async () => {
  const server = await startServerProcess({ extraArgs: ["--max-message-size", "2K"] });
  try {
    const infer = `http://127.0.0.1:${server.httpPort}/v2/models/iris-classifier/infer`;
    const request = (values: number[]) =>
      JSON.stringify({
        inputs: [{
          name: "features",
          datatype: "FP32",
          shape: [values.length / 4, 4],
          data: values,
        }],
      });
    const small = await fetch(infer, { method: "POST", body: request([5.1, 3.5, 1.4, 0.2]) });
    assert.equal(small.status, 200, await small.text());
    const big = request(Array.from({ length: 4_000 }, () => 1));
    const declared = await fetch(infer, { method: "POST", body: big });
    assert.equal(declared.status, 413);
    assert.match(
      (await declared.json()).error,
      /request body is \d+ bytes, larger than the server's limit of 2048 bytes/,
    );
    // A chunked body (no Content-Length) is cut as it passes the limit.
    const chunked = await fetch(infer, {
      method: "POST",
      body: ReadableStream.from([new TextEncoder().encode(big)]),
    });
    assert.equal(chunked.status, 413);
    assert.match((await chunked.json()).error, /over 2048 bytes/);
  } finally {
    await server.stop();
  }
});
