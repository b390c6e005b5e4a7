/**
 * Deferred gRPC services (runtime/server/deferred_services.ts): a call
 * that reaches a stand-in before the real service waits for it (and asks
 * for it), then gets the real answer; later calls go straight through; the
 * real service must come with its stand-in's definition. And the HTTP
 * server started before its routes: a request meanwhile waits for them.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { deferServices } from "../../../runtime/server/deferred_services.ts";
import { grpcObject, serviceDefinition } from "../../../runtime/protocols/wire/proto_loader.ts";
import { ownRequestId, serviceMount } from "../../../runtime/protocols/wire/service_mount.ts";
import { currentRequestContext } from "../../../runtime/base/request_context.ts";
import { HttpServer } from "../../../runtime/server/http_server.ts";
import { createLogger } from "../../../runtime/base/log.ts";

const OIP = ["grpc_predict_v2.proto", "inference.GRPCInferenceService"] as const;

Deno.test("a call to a deferred service waits for the real one, then answers", async () => {
  const server = new grpc.Server();
  const mount = serviceMount(server);
  let requests = 0;
  const definition = serviceDefinition(...OIP);
  const deferred = deferServices(mount, [definition], () => requests++);
  assert.deepEqual(mount.names(), [OIP[1]], "health and reflection see it from the start");
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (error, bound) => error ? reject(error) : resolve(bound),
    )
  );
  const inference = (grpcObject(OIP[0]).inference as grpc.GrpcObject)
    .GRPCInferenceService as grpc.ServiceClientConstructor;
  const client = new inference(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const serverLive = () =>
    new Promise<{ live: boolean }>((resolve, reject) =>
      (client as unknown as {
        ServerLive(
          request: object,
          callback: (error: Error | null, answer: { live: boolean }) => void,
        ): void;
      }).ServerLive({}, (error, answer) => error ? reject(error) : resolve(answer))
    );
  try {
    const early = serverLive();
    while (requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.throws(
      () => deferred.mount.addService({ ...definition }, {}),
      /must be mounted with the definition its stand-in has/,
    );
    deferred.mount.addService(definition, {
      ServerLive: (_call: unknown, callback: grpc.sendUnaryData<{ live: boolean }>) =>
        callback(null, { live: true }),
    });
    assert.deepEqual(await early, { live: true });
    assert.deepEqual(await serverLive(), { live: true });
    assert.equal(requests, 1, "only the early call asked for the service");
    assert.deepEqual(mount.names(), [OIP[1]], "mounted once");
  } finally {
    client.close();
    server.forceShutdown();
  }
});

Deno.test("an HTTP request before the routes are added waits for them", async () => {
  const routed = Promise.withResolvers<void>();
  let asked = 0;
  const http = await HttpServer.start({
    port: 0,
    hostname: "127.0.0.1",
    log: createLogger("error"),
    untilRouted: () => {
      asked++;
      return routed.promise;
    },
  });
  try {
    const early = fetch(`http://127.0.0.1:${http.port}/ping`);
    while (asked === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    http.addRoutes([{ method: "GET", path: "/ping", handle: () => new Response("pong") }]);
    routed.resolve();
    assert.equal(await (await early).text(), "pong");
    assert.equal(await (await fetch(`http://127.0.0.1:${http.port}/ping`)).text(), "pong");
  } finally {
    await http.stop();
  }
});

Deno.test("a deferred service's handlers get a request context unless they pass their id along", async () => {
  const mounted: Record<string, (call: unknown, callback: unknown) => unknown> = {};
  const mount = serviceMount({
    addService: (_definition: unknown, implementation: typeof mounted) =>
      Object.assign(mounted, implementation),
  } as unknown as grpc.Server);
  const definition = serviceDefinition(...OIP);
  const deferred = deferServices(mount, [definition], () => {});
  const seen: Record<string, string | undefined> = {};
  deferred.mount.addService(definition, {
    ServerLive: () => void (seen.ServerLive = currentRequestContext()?.requestId),
    ModelInfer: ownRequestId(() => void (seen.ModelInfer = currentRequestContext()?.requestId)),
  });
  await Promise.resolve();
  const metadata = new grpc.Metadata();
  metadata.set("x-request-id", "req-1");
  for (const method of ["ServerLive", "ModelInfer"]) mounted[method]({ metadata }, () => {});
  assert.equal(seen.ServerLive, "req-1");
  assert.equal(seen.ModelInfer, undefined, "a hot handler runs without a context");
});
