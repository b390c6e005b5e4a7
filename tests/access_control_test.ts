/**
 * Access control through real servers: --no-admin hides Shutdown (NOT_FOUND)
 * while inference stays open; --admin-token guards Shutdown and --token the
 * gRPC and REST inference calls; health and metrics stay open.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { accessInterceptor } from "../runtime/server/grpc_access.ts";
import { methodRoles } from "../runtime/server/method_roles.ts";
import { PROTOCOLS } from "../runtime/server/protocol_list.ts";
import { addModzyService } from "../runtime/protocols/modzy/modzy_service.ts";
import { grpcObject } from "../runtime/protocols/wire/proto_loader.ts";
import { ModelHost } from "../runtime/core/model_host.ts";
import { ModelServer } from "../runtime/server/model_server.ts";
import { createLogger } from "../runtime/base/log.ts";
import type { AccessPolicy } from "../runtime/base/access_policy.ts";
import { EchoModel } from "./support/echo_model.ts";
import { dataPlaneOf, testBundle } from "./support/test_bundle.ts";

/** Method roles as the server derives them from every protocol's declarations. */
const roles = methodRoles(
  PROTOCOLS.flatMap((protocol) =>
    protocol.services({ trainingDir: "/tmp/training", metrics: true, http: true })
  ),
);

type UnaryMethod = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null) => void,
) => void;

async function withGuardedServer(
  policy: AccessPolicy,
  body: (
    call: (method: string, token?: string) => Promise<number>,
    stopped: () => boolean,
  ) => Promise<void>,
) {
  const server = new grpc.Server({ interceptors: [accessInterceptor(policy, roles.roleOf)] });
  const host = new ModelHost(testBundle(), new EchoModel());
  await host.initialize();
  let shutdowns = 0;
  addModzyService(server, {
    dataPlane: dataPlaneOf(host),
    log: createLogger("silent"),
    onShutdown: () => shutdowns++,
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (e, p) => e ? reject(e) : resolve(p),
    )
  );
  const Service = grpcObject("model.proto")["ModzyModel"] as grpc.ServiceClientConstructor;
  const client = new Service(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = (method: string, token?: string) =>
    new Promise<number>((resolve) => {
      const metadata = new grpc.Metadata();
      if (token) metadata.set("authorization", `Bearer ${token}`);
      const request = method === "Run"
        ? { inputs: [{ input: { "input.json": new TextEncoder().encode("1") } }] }
        : {};
      (client as unknown as Record<string, UnaryMethod>)[method].call(
        client,
        request,
        metadata,
        { deadline: Date.now() + 10_000 },
        (error: grpc.ServiceError | null) => resolve(error ? error.code : grpc.status.OK),
      );
    });
  try {
    await body(call, () => shutdowns > 0);
  } finally {
    client.close();
    server.forceShutdown();
  }
}

Deno.test("gRPC --no-admin: Shutdown is NOT_FOUND and does nothing; inference stays open", async () => {
  await withGuardedServer({ adminEnabled: false }, async (call, stopped) => {
    assert.equal(await call("Shutdown"), grpc.status.NOT_FOUND);
    assert.equal(stopped(), false);
    assert.equal(await call("Run"), grpc.status.OK);
    assert.equal(await call("Status"), grpc.status.OK);
  });
});

Deno.test("gRPC --admin-token: Shutdown needs the token; --token guards inference", async () => {
  await withGuardedServer(
    { adminToken: "adm-token", token: "inf-token" },
    async (call, stopped) => {
      assert.equal(await call("Run"), grpc.status.UNAUTHENTICATED);
      assert.equal(await call("Run", "wrong"), grpc.status.UNAUTHENTICATED);
      assert.equal(await call("Run", "inf-token"), grpc.status.OK);
      assert.equal(await call("Shutdown"), grpc.status.UNAUTHENTICATED);
      assert.equal(await call("Shutdown", "inf-token"), grpc.status.UNAUTHENTICATED);
      assert.equal(stopped(), false);
      assert.equal(await call("Shutdown", "adm-token"), grpc.status.OK);
      assert.equal(stopped(), true);
    },
  );
});

Deno.test("HTTP: --token guards REST inference with 401; health and metrics stay open", async () => {
  const host = new ModelHost(testBundle(), new EchoModel());
  const server = await ModelServer.start({
    dataPlane: dataPlaneOf(host),
    port: 0,
    hostname: "127.0.0.1",
    httpPort: 0,
    access: { token: "inf-token" },
    log: createLogger("silent"),
  });
  const base = `http://127.0.0.1:${server.http!.port}`;
  try {
    const live = await fetch(`${base}/v2/health/live`);
    assert.equal(live.status, 200);
    await live.body?.cancel();
    const bare = await fetch(`${base}/v2/models/test-model/ready`);
    assert.equal(bare.status, 401);
    assert.equal(bare.headers.get("www-authenticate"), 'Bearer realm="model-runtime"');
    assert.match((await bare.json()).error, /Bearer/);
    const wrong = await fetch(`${base}/v2/models/test-model/ready`, {
      headers: { authorization: "Bearer nope" },
    });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    const right = await fetch(`${base}/v2/models/test-model/ready`, {
      headers: { authorization: "Bearer inf-token" },
    });
    assert.equal(right.status, 200);
    await right.body?.cancel();
  } finally {
    await server.stop();
  }
});
