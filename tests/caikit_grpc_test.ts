/**
 * The Caikit door over gRPC with a Caikit client's own stubs (grpc-js from
 * the 0.18.1 reference protos): the template's `HelloWorldTaskPredict` with
 * `mm-model-id` against the demo's `models/hello_world/config.yml`, every
 * error row of Caikit's table (the server serving on afterwards), the
 * tabular classifier through its own `model_runtime` face, ModelMesh's
 * load/unload/size/status, health and reflection describing the services,
 * the `caikit-grpc` door in the metrics, and the admin split.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor";
import { checkHealth } from "../runtime/client/health_client.ts";
import { createLogger } from "../runtime/base/log.ts";
import { RuntimeMetrics } from "../runtime/metrics/runtime_metrics.ts";
import type { ModelServer } from "../runtime/server/model_server.ts";
import { serveModel, type ServeModelOptions } from "../runtime/server/serve_model.ts";
import { currentCaikitSurface } from "../runtime/protocols/caikit/descriptor.ts";
import { caikitSettings } from "../runtime/protocols/caikit/caikit_settings.ts";
import {
  type Answer,
  CAIKIT_DEMO,
  type CaikitClients,
  caikitClients,
  call,
  ok,
  rawCall,
} from "./support/caikit_client.ts";
import { addModel } from "./fixtures/onnx/models.ts";
import { reflectionClient, writeOnnxFolder } from "./support/ops_clients.ts";

const log = createLogger("silent");
const HELLO = { text_input: { name: "World" } };
const model = (id: string) => ({ "mm-model-id": id });
const INPUT_PROBLEM = "Exception raised during inference. This may be a problem with your input: ";

/** A models folder: the demo's hello_world, a bare ONNX model and a Caikit folder that fails. */
async function modelsFolder(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "caikit_models_" });
  await Deno.mkdir(join(dir, "hello_world"));
  await Deno.copyFile(
    join(CAIKIT_DEMO, "models", "hello_world", "config.yml"),
    join(dir, "hello_world", "config.yml"),
  );
  await writeOnnxFolder(join(dir, "plain"), addModel());
  await Deno.mkdir(join(dir, "broken"));
  await Deno.writeTextFile(
    join(dir, "broken", "config.yml"),
    "module_id: 99999999-0000-0000-0000-000000000000\nname: Nope\nversion: 1.0.0\n",
  );
  return dir;
}

async function withServer(
  options: Partial<ServeModelOptions>,
  test: (server: ModelServer, clients: CaikitClients, target: string) => Promise<void>,
): Promise<void> {
  const models = await modelsFolder();
  const server = await serveModel({ port: 0, httpPort: null, log, models, ...options });
  const target = `127.0.0.1:${server.port}`;
  const clients = caikitClients(target);
  try {
    await test(server, clients, target);
  } finally {
    clients.close();
    await server.stop();
    await Deno.remove(models, { recursive: true });
  }
}

function assertStatus(answer: Answer, code: grpc.status, details: string | RegExp): void {
  assert.equal(answer.ok, false, `expected status ${code}, got ${JSON.stringify(answer)}`);
  if (answer.ok) return;
  assert.equal(answer.code, code, answer.details);
  if (typeof details === "string") assert.equal(answer.details, details);
  else assert.match(answer.details, details);
}

Deno.test("caikit predict: the demo's hello_world greets, and every error row of Caikit's table", async () => {
  const metrics = new RuntimeMetrics();
  await withServer({ metrics }, async (_server, clients, target) => {
    const predict = (request: unknown, headers: Record<string, string> = {}) =>
      call(clients.template, "HelloWorldTaskPredict", request, headers);
    assert.deepEqual(ok(await predict(HELLO, model("hello_world"))), { greeting: "Hello World" });

    assertStatus(await predict(HELLO), grpc.status.INVALID_ARGUMENT, "Missing required model ID");
    assertStatus(
      await predict(HELLO, model("")),
      grpc.status.INVALID_ARGUMENT,
      "Missing required model ID",
    );
    assertStatus(
      await predict(HELLO, model("nope")),
      grpc.status.NOT_FOUND,
      "Model 'nope' not loaded",
    );
    assertStatus(
      await predict({}, model("hello_world")),
      grpc.status.INVALID_ARGUMENT,
      `${INPUT_PROBLEM}missing required parameter 'text_input'`,
    );
    assertStatus(
      await predict(HELLO, model("iris-classifier")),
      grpc.status.INVALID_ARGUMENT,
      "Inference for model class TabularClassifier not supported by this runtime",
    );
    assertStatus(
      await predict(HELLO, model("plain")),
      grpc.status.INVALID_ARGUMENT,
      "Inference for model class onnx-tensor not supported by this runtime",
    );
    assertStatus(
      await predict(HELLO, model("broken")),
      grpc.status.INTERNAL,
      /^Model broken failed to load\. Nested error: .*no registered module has Caikit module id/,
    );
    const path = "/caikit.runtime.Template.TemplateService/HelloWorldTaskPredict";
    const garbage = await rawCall(target, path, new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f]));
    assert.equal(garbage.ok, false, "undecodable bytes answer an error status");
    if (!garbage.ok) assert.equal(garbage.code, grpc.status.INTERNAL, garbage.details);
    assertStatus(
      await rawCall(
        target,
        "/caikit.runtime.Template.TemplateService/NoSuchTask",
        new Uint8Array(),
      ),
      grpc.status.UNIMPLEMENTED,
      /.*/,
    );
    // The server serves on.
    assert.deepEqual(ok(await predict({ text_input: { name: "again" } }, model("hello_world"))), {
      greeting: "Hello again",
    });
    const text = await metrics.text();
    assert.match(text, /model_runtime_requests_total\{door="caikit-grpc",model="hello_world"/);
  });
});

Deno.test("caikit predict: the tabular classifier answers through its model_runtime face", async () => {
  await withServer({}, async (_server, _clients, target) => {
    const surface = currentCaikitSurface();
    const name = "caikit.runtime.ModelRuntime.ModelRuntimeService";
    const Client = grpc.makeGenericClientConstructor(surface.built().service(name), name);
    const client = new Client(target, grpc.credentials.createInsecure());
    try {
      const features = {
        fields: {
          sepal_length: { numberValue: 5.1 },
          sepal_width: { numberValue: 3.5 },
          petal_length: { numberValue: 1.4 },
          petal_width: { numberValue: 0.2 },
        },
      };
      const answer = ok(
        await call(
          client,
          "TabularClassificationTaskPredict",
          { features },
          model("iris-classifier"),
        ),
      ) as { results: { label: string; score: number }[] };
      assert.equal(answer.results.length, 3);
      assert.equal(answer.results[0].label, "setosa");
      assert.ok(answer.results[0].score > 0.9);
      assertStatus(
        await call(client, "TabularClassificationTaskPredict", { features }, model("hello_world")),
        grpc.status.INVALID_ARGUMENT,
        "Inference for model class HelloWorldModule not supported by this runtime",
      );
      assertStatus(
        await call(
          client,
          "TabularClassificationTaskPredict",
          { features: {} },
          model("iris-classifier"),
        ),
        grpc.status.INVALID_ARGUMENT,
        new RegExp(`^${INPUT_PROBLEM}.*sepal_length`),
      );
    } finally {
      client.close();
    }
  });
});

Deno.test("caikit mmesh: loadModel serves a Caikit folder, sizes answer its bytes, unloadModel removes it", async () => {
  await withServer({}, async (_server, clients, _target) => {
    const folder = join(CAIKIT_DEMO, "models", "hello_world");
    const bytes = String((await Deno.stat(join(folder, "config.yml"))).size);
    const loaded = ok(
      await call(clients.mmesh, "loadModel", { modelId: "hw2", modelPath: folder }),
    );
    assert.equal(loaded.sizeInBytes, bytes);
    const predict = () => call(clients.template, "HelloWorldTaskPredict", HELLO, model("hw2"));
    assert.deepEqual(ok(await predict()), { greeting: "Hello World" });
    assert.equal(ok(await call(clients.mmesh, "modelSize", { modelId: "hw2" })).sizeInBytes, bytes);
    assert.equal(
      ok(await call(clients.mmesh, "predictModelSize", { modelId: "x", modelPath: folder }))
        .sizeInBytes,
      bytes,
    );
    assert.equal(ok(await call(clients.mmesh, "runtimeStatus", {})).status, "READY");
    ok(await call(clients.mmesh, "unloadModel", { modelId: "hw2" }));
    assertStatus(await predict(), grpc.status.NOT_FOUND, "Model 'hw2' not loaded");
    assertStatus(
      await call(clients.mmesh, "modelSize", { modelId: "hw2" }),
      grpc.status.NOT_FOUND,
      "Model 'hw2' not loaded",
    );
    const empty = await Deno.makeTempDir();
    try {
      assertStatus(
        await call(clients.mmesh, "loadModel", { modelId: "none", modelPath: empty }),
        grpc.status.NOT_FOUND,
        /^Model none not found\. Nested error: /,
      );
      await Deno.writeTextFile(join(empty, "config.yml"), "name: x\n");
      assertStatus(
        await call(clients.mmesh, "loadModel", { modelId: "none", modelPath: empty }),
        grpc.status.INTERNAL,
        /^Model none failed to load\. Nested error: .*names no module_id/,
      );
    } finally {
      await Deno.remove(empty, { recursive: true });
    }
    assertStatus(await predict(), grpc.status.NOT_FOUND, "Model 'hw2' not loaded");
  });
});

Deno.test("caikit health and reflection list and completely describe the Caikit services", async () => {
  await withServer({}, async (_server, _clients, target) => {
    const services = currentCaikitSurface().services.map((service) => service.name);
    for (const service of services) assert.equal(await checkHealth(target, service), "SERVING");
    const client = reflectionClient(target, "v1");
    try {
      const listed = await client.ask({ list_services: "*" });
      const names = (listed.list_services_response as { service: { name: string }[] }).service
        .map((service) => service.name);
      for (const service of services) assert.ok(names.includes(service), service);
      const answer = await client.ask({
        file_containing_symbol: "caikit.runtime.Template.TemplateService",
      });
      const files = (answer.file_descriptor_response as { file_descriptor_proto: Uint8Array[] })
        .file_descriptor_proto.map((bytes) => descriptor.FileDescriptorProto.decode(bytes));
      // The file and everything it imports: a client can build every type from them.
      const root = (protobuf.Root as unknown as {
        fromDescriptor(set: unknown): protobuf.Root;
      }).fromDescriptor({ file: files });
      root.resolveAll();
      const predict = root.lookupService("caikit.runtime.Template.TemplateService")
        .methods.HelloWorldTaskPredict;
      assert.equal(
        predict.resolvedRequestType?.fullName,
        ".caikit.runtime.Template.HelloWorldTaskRequest",
      );
      const train = root.lookupType(
        "caikit.runtime.Template.HelloWorldTaskHelloWorldModuleTrainRequest",
      );
      assert.deepEqual(train.fieldsArray.map((field: protobuf.Field) => [field.name, field.id]), [
        ["model_name", 1],
        ["output_path", 2],
        ["training_data", 3],
      ]);
    } finally {
      client.close();
    }
  });
});

Deno.test("caikit access: --no-admin answers Train, CancelTraining, loadModel and unloadModel NOT_FOUND", async () => {
  const trainingDir = await Deno.makeTempDir();
  try {
    await withServer(
      { trainingDir, access: { adminEnabled: false } },
      async (_server, clients) => {
        const admin = /switched off on this server/;
        assertStatus(
          await call(clients.training, "HelloWorldTaskHelloWorldModuleTrain", { model_name: "x" }),
          grpc.status.NOT_FOUND,
          admin,
        );
        assertStatus(
          await call(clients.management, "CancelTraining", { training_id: "x" }),
          grpc.status.NOT_FOUND,
          admin,
        );
        assertStatus(
          await call(clients.mmesh, "loadModel", { modelId: "x", modelPath: "/tmp" }),
          grpc.status.NOT_FOUND,
          admin,
        );
        assertStatus(
          await call(clients.mmesh, "unloadModel", { modelId: "hello_world" }),
          grpc.status.NOT_FOUND,
          admin,
        );
        // Inference calls stay open.
        assert.deepEqual(
          ok(await call(clients.template, "HelloWorldTaskPredict", HELLO, model("hello_world"))),
          {
            greeting: "Hello World",
          },
        );
        assertStatus(
          await call(clients.management, "GetTrainingStatus", { training_id: "x" }),
          grpc.status.NOT_FOUND,
          "Unknown training_id: x",
        );
        assert.equal(ok(await call(clients.mmesh, "runtimeStatus", {})).status, "READY");
        assert.ok(
          ok(await call(clients.mmesh, "modelSize", { modelId: "hello_world" })).sizeInBytes,
        );
      },
    );
  } finally {
    await Deno.remove(trainingDir, { recursive: true });
  }
});

Deno.test("caikit access: with tokens, Predict and GetTrainingStatus take the inference token, Train the admin one", async () => {
  const trainingDir = await Deno.makeTempDir();
  try {
    await withServer(
      { trainingDir, access: { token: "infer", adminToken: "admin" } },
      async (_server, clients) => {
        const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
        assert.ok(
          ok(
            await call(clients.template, "HelloWorldTaskPredict", HELLO, {
              ...model("hello_world"),
              ...bearer("infer"),
            }),
          ),
        );
        assertStatus(
          await call(
            clients.management,
            "GetTrainingStatus",
            { training_id: "x" },
            bearer("infer"),
          ),
          grpc.status.NOT_FOUND,
          "Unknown training_id: x",
        );
        assertStatus(
          await call(clients.training, "HelloWorldTaskHelloWorldModuleTrain", {}, bearer("infer")),
          grpc.status.UNAUTHENTICATED,
          /admin call/,
        );
        assertStatus(
          await call(clients.training, "HelloWorldTaskHelloWorldModuleTrain", {}, bearer("admin")),
          grpc.status.INVALID_ARGUMENT,
          "model_name is required",
        );
      },
    );
  } finally {
    await Deno.remove(trainingDir, { recursive: true });
  }
});

Deno.test("caikit settings: library and domain serve renamed services only, Predict answers there", async () => {
  const protocolSettings = { caikit: { library: "caikit_template", domain: "Greetings" } };
  await withServer({ protocolSettings }, async (_server, clients, target) => {
    const surface = currentCaikitSurface(caikitSettings(protocolSettings.caikit));
    const name = "caikit.runtime.Greetings.GreetingsService";
    const Client = grpc.makeGenericClientConstructor(surface.built().service(name), name);
    const client = new Client(target, grpc.credentials.createInsecure());
    try {
      assert.deepEqual(
        ok(await call(client, "HelloWorldTaskPredict", HELLO, model("hello_world"))),
        { greeting: "Hello World" },
      );
    } finally {
      client.close();
    }
    assertStatus(
      await call(clients.template, "HelloWorldTaskPredict", HELLO, model("hello_world")),
      grpc.status.UNIMPLEMENTED,
      /.*/,
    );
    assertStatus(
      await rawCall(
        target,
        "/caikit.runtime.ModelRuntime.ModelRuntimeService/TabularClassificationTaskPredict",
        new Uint8Array(),
      ),
      grpc.status.UNIMPLEMENTED,
      /.*/,
    );
  });
});
