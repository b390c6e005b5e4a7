/**
 * The Caikit door over bundles' own model code (model.yaml `module.code`),
 * through a real server on free ports and a Caikit client's own stubs
 * (grpc-js from the hand-written protos Caikit would generate for the
 * fixture's face, tests/fixtures/caikit/code/) and Caikit's HTTP routes, in
 * both wire versions:
 *
 * - a code module declaring a Caikit face (tests/fixtures/bundles/
 *   text-reverser/) gets its service when the door mounts at start; its
 *   conversions run in its worker; health and reflection list the service;
 * - a code module without a face and a class wrapper answer Caikit's "not
 *   supported" (INVALID_ARGUMENT / 400, naming the module's or class's
 *   name), as a built-in module without a face does;
 * - code that fails to import answers INTERNAL / 500 `Model <id> failed to
 *   load. Nested error: model code model.ts failed to import: …`;
 * - a face whose task would join a service fixed at start is logged, not
 *   served; a face that appears after the mount (a model loaded later) is
 *   logged saying a restart serves it, while a later model whose task is
 *   served is served at once.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { createLogger } from "../runtime/base/log.ts";
import { checkHealth } from "../runtime/client/health_client.ts";
import type { ModelServer } from "../runtime/server/model_server.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { type Answer, CAIKIT_DEMO, caikitClients, call, ok } from "./support/caikit_client.ts";
import { assertCaikitError, send } from "./support/caikit_http.ts";
import { GREETER_SOURCE, greetHelper, MODULE_SOURCE, writeFiles } from "./support/code_bundles.ts";
import { copyTree } from "./support/copy_tree.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import { eventually, reflectionClient } from "./support/ops_clients.ts";

const FIXTURE = join(PROJECT_ROOT, "tests", "fixtures", "bundles", "text-reverser");
const PROTOS = join(PROJECT_ROOT, "tests", "fixtures", "caikit", "code");
const SERVICE = "caikit.runtime.TextTools.TextToolsService";
const model = (id: string) => ({ "mm-model-id": id });

/** The fixture's model.yaml, serving other code (`module.code: model.ts` kept). */
const fixtureYaml = () => Deno.readTextFile(join(FIXTURE, "0.1.0", "model.yaml"));

/** A code module whose face would add a task to the template's service (fixed at start). */
const JOINER_SOURCE = `
import type { RuntimeModule } from "@model-runtime/runtime";
const output = { kind: "object" as const, package: "caikit_template.data_model", name: "Shout", fields: [{ name: "text", type: "str" as const }] };
const joiner: RuntimeModule = {
  info: { id: "joiner", name: "Joiner", version: "1.0.0", task: "shout" },
  parseInput: (document) => document,
  load: async () => ({ run: async (input) => input, save: async () => {} }),
  caikit: {
    library: "caikit_template",
    module: { id: "7e57c0de-0000-4000-8000-000000000002", name: "JoinerModule", version: "1.0.0" },
    task: { name: "ShoutTask", parameters: [{ name: "text", type: "str" }], output },
  },
};
export default joiner;
`;

/** A code module of its own library, loaded after start: its face appears after the mount. */
const LATECOMER_SOURCE = JOINER_SOURCE.replaceAll("caikit_template", "caikit_late")
  .replace('"joiner"', '"latecomer"');

/** A models folder: the fixture, code without a face, a wrapper, broken code, the demo's hello_world. */
async function modelsFolder(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "caikit_code_models_" });
  await copyTree(FIXTURE, join(dir, "reverser"));
  const yaml = await fixtureYaml();
  await writeFiles(join(dir, "greeter", "0.1.0"), {
    "model.yaml": yaml,
    "model.ts": MODULE_SOURCE,
  });
  await writeFiles(join(dir, "wrapper", "0.1.0"), {
    "model.yaml": yaml,
    "model.ts": GREETER_SOURCE,
    "lib/greet.ts": greetHelper(),
  });
  await writeFiles(join(dir, "broken", "0.1.0"), {
    "model.yaml": yaml,
    "model.ts": "export default {\n  info: (\n};\n",
  });
  await writeFiles(join(dir, "joiner", "0.1.0"), { "model.yaml": yaml, "model.ts": JOINER_SOURCE });
  await Deno.mkdir(join(dir, "hello_world"));
  await Deno.copyFile(
    join(CAIKIT_DEMO, "models", "hello_world", "config.yml"),
    join(dir, "hello_world", "config.yml"),
  );
  return dir;
}

/** Stubs of the fixture's service, as a Caikit user builds them from the generated protos. */
function reverserClient(target: string): grpc.Client {
  const root = grpc.loadPackageDefinition(protoLoader.loadSync(
    "caikit_runtime_TextTools.proto",
    { includeDirs: [PROTOS], keepCase: true, longs: Number, defaults: true, oneofs: true },
    // deno-lint-ignore no-explicit-any
  )) as any;
  return new root.caikit.runtime.TextTools.TextToolsService(
    target,
    grpc.credentials.createInsecure(),
  );
}

function assertStatus(answer: Answer, code: grpc.status, details: string | RegExp): void {
  assert.equal(answer.ok, false, `expected status ${code}, got ${JSON.stringify(answer)}`);
  if (answer.ok) return;
  assert.equal(answer.code, code, answer.details);
  if (typeof details === "string") assert.equal(answer.details, details);
  else assert.match(answer.details, details);
}

interface Served {
  readonly server: ModelServer;
  readonly target: string;
  readonly base: string;
  readonly models: string;
  readonly lines: Record<string, unknown>[];
}

async function withServer(version: string, test: (served: Served) => Promise<void>) {
  const models = await modelsFolder();
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("info", "json", (line) => lines.push(JSON.parse(line)));
  const server = await serveModel({
    port: 0,
    httpPort: 0,
    hostname: "127.0.0.1",
    log,
    models,
    protocolSettings: { caikit: { version } },
  });
  try {
    await test({
      server,
      target: `127.0.0.1:${server.port}`,
      base: `http://127.0.0.1:${server.http!.port}`,
      models,
      lines,
    });
  } finally {
    await server.stop();
    await Deno.remove(models, { recursive: true });
  }
}

const BROKEN =
  /^Model broken failed to load\. Nested error: model code model\.ts failed to import: model\.ts:\d+:\d+: .+/;
const REQUEST = { text_input: { text: "Caikit" } };

for (const version of ["0.18.1", "newest"]) {
  Deno.test(`caikit over model code (${version}): a code face is served over gRPC, the others answer Caikit's errors`, async () => {
    await withServer(version, async ({ target }) => {
      const client = reverserClient(target);
      const template = caikitClients(target);
      try {
        const predict = (request: unknown, id: string) =>
          call(client, "ReverseTextTaskPredict", request, model(id));
        // The face's toInput and toOutput ran in the model code's worker.
        assert.deepEqual(ok(await predict(REQUEST, "reverser")), {
          reversed: "tikiaC",
          length: 6,
        });
        assert.deepEqual(ok(await predict({ ...REQUEST, upper: true }, "reverser")), {
          reversed: "TIKIAC",
          length: 6,
        });
        // The module's own badRequest, as for a built-in module.
        assertStatus(
          await predict({ text_input: { text: "" } }, "reverser"),
          grpc.status.INVALID_ARGUMENT,
          "Exception raised during inference. This may be a problem with your input: " +
            'expected {"text": "..."} with a non-empty text',
        );
        assertStatus(
          await predict(REQUEST, "greeter"),
          grpc.status.INVALID_ARGUMENT,
          "Inference for model class Code Greeter not supported by this runtime",
        );
        assertStatus(
          await predict(REQUEST, "wrapper"),
          grpc.status.INVALID_ARGUMENT,
          "Inference for model class Greeter not supported by this runtime",
        );
        assertStatus(await predict(REQUEST, "broken"), grpc.status.INTERNAL, BROKEN);
        assertStatus(
          await predict(REQUEST, "hello_world"),
          grpc.status.INVALID_ARGUMENT,
          "Inference for model class HelloWorldModule not supported by this runtime",
        );
        assertStatus(
          await predict(REQUEST, "nope"),
          grpc.status.NOT_FOUND,
          "Model 'nope' not loaded",
        );
        // The built-in services serve on beside it, and refuse the code model alike.
        const hello = (id: string) =>
          call(
            template.template,
            "HelloWorldTaskPredict",
            { text_input: { name: "x" } },
            model(id),
          );
        assert.deepEqual(ok(await hello("hello_world")), { greeting: "Hello x" });
        assertStatus(
          await hello("reverser"),
          grpc.status.INVALID_ARGUMENT,
          "Inference for model class TextReverserModule not supported by this runtime",
        );
        assertStatus(await hello("broken"), grpc.status.INTERNAL, BROKEN);
      } finally {
        client.close();
        template.close();
      }
    });
  });

  Deno.test(`caikit over model code (${version}): both HTTP predict routes serve the code face`, async () => {
    await withServer(version, async ({ base }) => {
      const old = (id: string, body: unknown) =>
        send(base, "POST", `/api/v1/${id}/task/reverse-text`, body);
      const newest = (body: Record<string, unknown>) =>
        send(base, "POST", "/api/v1/task/reverse-text", body);
      const inputs = { text: "Caikit" };
      let reply = await old("reverser", { inputs, parameters: { upper: true } });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.body, { reversed: "TIKIAC", length: 6 });
      reply = await newest({ model_id: "reverser", inputs });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.body, { reversed: "tikiaC", length: 6 });
      assertCaikitError(
        await old("greeter", { inputs }),
        400,
        "Inference for model class Code Greeter not supported by this runtime",
      );
      assertCaikitError(
        await newest({ model_id: "wrapper", inputs }),
        400,
        "Inference for model class Greeter not supported by this runtime",
      );
      assertCaikitError(await old("broken", { inputs }), 500, BROKEN);
      assertCaikitError(await newest({ model_id: "broken", inputs }), 500, BROKEN);
    });
  });
}

Deno.test("caikit over model code: health and reflection list the code face's service", async () => {
  await withServer("0.18.1", async ({ target }) => {
    assert.equal(await checkHealth(target, SERVICE), "SERVING");
    const client = reflectionClient(target, "v1");
    try {
      const listed = await client.ask({ list_services: "*" });
      const names = (listed.list_services_response as { service: { name: string }[] }).service
        .map((service) => service.name);
      assert.ok(names.includes(SERVICE), names.join(", "));
      const answer = await client.ask({ file_containing_symbol: SERVICE });
      assert.ok(answer.file_descriptor_response, JSON.stringify(answer));
    } finally {
      client.close();
    }
  });
});

Deno.test("caikit over model code: faces that cannot join or come after the mount are logged", async () => {
  await withServer("0.18.1", async ({ target, models, lines }) => {
    const refused = lines.find((line) =>
      String(line.msg).includes("its task would join a service fixed at start")
    );
    assert.ok(refused, "the joiner's face is refused with a log line");
    assert.equal(refused.model, "joiner");
    assert.equal(refused.service, "caikit.runtime.Template.TemplateService");
    const clients = caikitClients(target);
    const client = reverserClient(target);
    try {
      // A second copy of the reverser, loaded after start: its task is served, so it is at once.
      const copy = join(models, "..", `${crypto.randomUUID()}_copy`);
      await copyTree(join(FIXTURE, "0.1.0"), copy);
      const late = join(models, "..", `${crypto.randomUUID()}_late`);
      await writeFiles(late, { "model.yaml": await fixtureYaml(), "model.ts": LATECOMER_SOURCE });
      try {
        ok(await call(clients.mmesh, "loadModel", { modelId: "copy", modelPath: copy }));
        assert.deepEqual(
          ok(await call(client, "ReverseTextTaskPredict", REQUEST, model("copy"))),
          { reversed: "tikiaC", length: 6 },
        );
        ok(await call(clients.mmesh, "loadModel", { modelId: "late", modelPath: late }));
        const restart = () => lines.find((line) => String(line.msg).includes("restart the server"));
        assert.ok(await eventually(() => restart() !== undefined, 5_000), "a restart is asked for");
        assert.equal(restart()!.model, "late");
        assert.equal(restart()!.library, "caikit_late");
        assert.equal(
          lines.filter((line) => String(line.msg).includes("restart the server"))
            .length,
          1,
          "the copy, whose task is served, asks for no restart",
        );
      } finally {
        await Deno.remove(copy, { recursive: true });
        await Deno.remove(late, { recursive: true });
      }
    } finally {
      client.close();
      clients.close();
    }
  });
});
