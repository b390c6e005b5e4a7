/**
 * Health and reflection through real clients: a grpc.health.v1 client sees
 * SERVING after start (overall and per service), NOT_SERVING before a lazy
 * model has loaded and during a drain (Check and Watch); `--health-check`
 * exits 0/1 without loading onnxruntime; a reflection client (v1 and
 * v1alpha, built from the protos shipped with @grpc/reflection) lists every
 * mounted service without a leading dot and describes ModzyModel's messages.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { service as healthDefinition } from "grpc-health-check";
import { checkHealth } from "../runtime/client/health_client.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { createLogger } from "../runtime/base/log.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import {
  decodeFileDescriptors,
  eventually,
  reflectionClient,
  type ReflectionVersion,
} from "./support/ops_clients.ts";

const log = createLogger("silent");

const MOUNTED_SERVICES = [
  "ModzyModel",
  "inference.GRPCInferenceService",
  "modelruntime.v1.ModelRepository",
  "grpc.health.v1.Health",
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection",
];

Deno.test("health: SERVING after start, per service; NOT_SERVING while draining (Check and Watch)", async () => {
  const server = await serveModel({ port: 0, httpPort: null, log });
  const target = `127.0.0.1:${server.port}`;
  const HealthClient = grpc.makeGenericClientConstructor(
    healthDefinition as grpc.ServiceDefinition,
    "Health",
  );
  const watcher = new HealthClient(target, grpc.credentials.createInsecure());
  try {
    assert.equal(await checkHealth(target), "SERVING");
    for (const service of MOUNTED_SERVICES) {
      assert.equal(await checkHealth(target, service), "SERVING", service);
    }
    await assert.rejects(checkHealth(target, "no.such.Service"), {
      code: grpc.status.NOT_FOUND,
    });

    const seen: string[] = [];
    const stream = (watcher as unknown as {
      Watch(request: { service: string }): grpc.ClientReadableStream<{ status: string }>;
    }).Watch({ service: "" });
    stream.on("data", (answer) => seen.push(answer.status));
    stream.on("error", () => {});
    assert.ok(await eventually(() => seen.includes("SERVING")), "Watch starts with SERVING");

    server.dataPlane.startDraining();
    assert.equal(await checkHealth(target), "NOT_SERVING");
    assert.equal(await checkHealth(target, "ModzyModel"), "NOT_SERVING");
    assert.equal(await checkHealth(target, "inference.GRPCInferenceService"), "NOT_SERVING");
    assert.equal(await checkHealth(target, "grpc.health.v1.Health"), "NOT_SERVING");
    assert.ok(await eventually(() => seen.at(-1) === "NOT_SERVING"), "Watch hears the drain");
    stream.cancel();
  } finally {
    watcher.close();
    await server.stop();
  }
});

Deno.test("health: a lazy server is NOT_SERVING until its model has loaded", async () => {
  const server = await serveModel({ port: 0, httpPort: null, lazy: true, log });
  const target = `127.0.0.1:${server.port}`;
  const modzy = new ModzyClient(target);
  const watcher = new (grpc.makeGenericClientConstructor(
    healthDefinition as grpc.ServiceDefinition,
    "Health",
  ))(target, grpc.credentials.createInsecure());
  try {
    assert.equal(await checkHealth(target), "NOT_SERVING");
    assert.equal(await checkHealth(target, "ModzyModel"), "NOT_SERVING");
    assert.equal(await checkHealth(target, "grpc.health.v1.Health"), "SERVING");
    const seen: string[] = [];
    const stream = (watcher as unknown as {
      Watch(request: { service: string }): grpc.ClientReadableStream<{ status: string }>;
    }).Watch({ service: "ModzyModel" });
    stream.on("data", (answer) => seen.push(answer.status));
    stream.on("error", () => {});
    assert.ok(await eventually(() => seen.includes("NOT_SERVING")));
    await modzy.status();
    assert.ok(await eventually(() => seen.at(-1) === "SERVING"), "Watch hears the lazy load");
    stream.cancel();
    assert.equal(await checkHealth(target), "SERVING");
    assert.equal(await checkHealth(target, "ModzyModel"), "SERVING");
  } finally {
    modzy.close();
    watcher.close();
    await server.stop();
  }
});

/** Runs `main.ts --health-check` without --allow-ffi (so onnxruntime could not load). */
async function healthCheckCli(target: string): Promise<{ code: number; stdout: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-read",
      "--allow-env",
      "--allow-sys",
      `--config=${join(PROJECT_ROOT, "deno.json")}`,
      join(PROJECT_ROOT, "main.ts"),
      "--health-check",
      "--target",
      target,
    ],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  return { code: output.code, stdout: new TextDecoder().decode(output.stdout).trim() };
}

Deno.test("--health-check exits 0 on SERVING, 1 when not serving or unreachable, without ffi", async () => {
  const server = await serveModel({ port: 0, httpPort: null, log });
  const target = `127.0.0.1:${server.port}`;
  try {
    assert.deepEqual(await healthCheckCli(target), { code: 0, stdout: "SERVING" });
    server.dataPlane.startDraining();
    assert.deepEqual(await healthCheckCli(target), { code: 1, stdout: "NOT_SERVING" });
  } finally {
    await server.stop();
  }
  assert.deepEqual(await healthCheckCli(target), { code: 1, stdout: "UNREACHABLE" });
});

for (const version of ["v1", "v1alpha"] as ReflectionVersion[]) {
  Deno.test(`reflection ${version}: lists the mounted services and describes ModzyModel's messages`, async () => {
    const server = await serveModel({ port: 0, httpPort: null, log });
    const client = reflectionClient(`127.0.0.1:${server.port}`, version);
    try {
      const services = await client.ask({ list_services: "*" });
      const names = (services.list_services_response as { service: { name: string }[] }).service
        .map((service) => service.name);
      for (const name of MOUNTED_SERVICES) assert.ok(names.includes(name), name);
      assert.ok(names.every((name) => !name.startsWith(".")), names.join(", "));
      // Reflection and health both derive from what is mounted: the same service names.
      const health = new (grpc.makeGenericClientConstructor(
        healthDefinition as grpc.ServiceDefinition,
        "Health",
      ))(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
      const listed = await new Promise<Record<string, unknown>>((resolve, reject) =>
        (health as unknown as {
          List(
            r: unknown,
            cb: (e: Error | null, a: { statuses: Record<string, unknown> }) => void,
          ): void;
        }).List({}, (error, answer) => error ? reject(error) : resolve(answer.statuses))
      );
      health.close();
      assert.deepEqual(
        [...names].sort(),
        Object.keys(listed).filter((name) => name !== "").sort(),
      );

      const modzy = decodeFileDescriptors(
        await client.ask({ file_containing_symbol: "ModzyModel" }),
      );
      const modzyFile = modzy.find((file) => file.service.some((s) => s.name === "ModzyModel"));
      assert.ok(modzyFile, "the file declaring ModzyModel is answered");
      assert.equal(modzyFile.package, "", "the Modzy proto stays package-less");
      const service = modzyFile.service.find((s) => s.name === "ModzyModel")!;
      assert.deepEqual(service.method.map((m) => m.name), ["Status", "Run", "Shutdown"]);
      const messages = new Map(
        modzyFile.messageType.map((m) => [m.name, m.field.map((f) => f.name)]),
      );
      assert.deepEqual(messages.get("RunRequest"), ["inputs", "detect_drift", "explain"]);
      assert.ok(messages.has("StatusResponse") && messages.has("RunResponse"));

      for (const symbol of ["RunRequest", "ModzyModel.Run", "StatusResponse"]) {
        const files = decodeFileDescriptors(await client.ask({ file_containing_symbol: symbol }));
        assert.equal(files[0].name, modzyFile.name, symbol);
      }
      const byName = decodeFileDescriptors(await client.ask({ file_by_filename: modzyFile.name }));
      assert.equal(byName[0].name, modzyFile.name);

      for (const symbol of ["inference.GRPCInferenceService", "grpc.health.v1.Health"]) {
        const files = decodeFileDescriptors(await client.ask({ file_containing_symbol: symbol }));
        const [pkg, name] = [symbol.slice(0, symbol.lastIndexOf(".")), symbol.split(".").at(-1)];
        assert.ok(
          files.some((file) => file.package === pkg && file.service.some((s) => s.name === name)),
          symbol,
        );
      }
      const unknown = await client.ask({ file_containing_symbol: "NoSuchMessage" });
      assert.equal(
        (unknown.error_response as { error_code: number }).error_code,
        grpc.status.NOT_FOUND,
      );
      assert.equal(
        (unknown.original_request as { file_containing_symbol: string }).file_containing_symbol,
        "NoSuchMessage",
      );
    } finally {
      client.close();
      await server.stop();
    }
  });
}
