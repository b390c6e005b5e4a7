/**
 * The Caikit door's descriptor honours its settings: `library` limits the
 * services to that library's (an unknown one is a start-up error, before a
 * port is bound), `domain` and `package` rename the generated services and
 * requests as Caikit's service generation does, and the surface is made
 * once per set of settings.
 */
import assert from "node:assert/strict";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import { createLogger } from "../../../../runtime/base/log.ts";
import {
  caikitLibraries,
  caikitProtocol,
  currentCaikitSurface,
} from "../../../../runtime/protocols/caikit/descriptor.ts";
import { installCaikitDefinitions } from "../../../../runtime/protocols/caikit/caikit_mount.ts";
import { caikitSettings } from "../../../../runtime/protocols/caikit/caikit_settings.ts";
import { serveModel } from "../../../../runtime/server/serve_model.ts";

const names = (settings: Record<string, unknown>) =>
  currentCaikitSurface(caikitSettings(settings)).services.map((service) => service.name);

Deno.test("caikit settings: every built-in library by default, one with library", () => {
  assert.deepEqual(caikitLibraries().sort(), ["caikit_template", "model_runtime"]);
  assert.deepEqual(names({}).sort(), [
    "caikit.runtime.ModelRuntime.ModelRuntimeService",
    "caikit.runtime.ModelRuntime.ModelRuntimeTrainingService",
    "caikit.runtime.Template.TemplateService",
    "caikit.runtime.Template.TemplateTrainingService",
    "caikit.runtime.training.TrainingManagement",
    "mmesh.ModelRuntime",
  ]);
  assert.deepEqual(names({ library: "caikit_template" }), [
    "caikit.runtime.Template.TemplateService",
    "caikit.runtime.Template.TemplateTrainingService",
    "caikit.runtime.training.TrainingManagement",
    "mmesh.ModelRuntime",
  ]);
  assert.equal(
    currentCaikitSurface(caikitSettings({ library: "caikit_template" })),
    currentCaikitSurface(caikitSettings({ library: "caikit_template" })),
    "made once per settings",
  );
});

Deno.test("caikit settings: an unknown library is a bad_request naming the served ones", () => {
  assert.throws(
    () =>
      caikitProtocol.services({
        metrics: false,
        http: false,
        protocols: { caikit: { library: "nope" } },
      }),
    (error: unknown) =>
      error instanceof RuntimeError && error.kind === "bad_request" &&
      /Caikit library 'nope'.*serves (caikit_template, model_runtime|model_runtime, caikit_template)/
        .test(error.message),
  );
});

Deno.test("caikit settings: an unknown library stops the server from starting", async () => {
  await assert.rejects(
    serveModel({
      port: 0,
      httpPort: null,
      log: createLogger("silent"),
      protocolSettings: { caikit: { library: "caikit_nope" } },
    }),
    /Caikit library 'caikit_nope'/,
  );
});

Deno.test("caikit settings: domain and package rename the services and requests as Caikit does", async () => {
  assert.deepEqual(names({ library: "caikit_template", domain: "Greetings" }).slice(0, 2), [
    "caikit.runtime.Greetings.GreetingsService",
    "caikit.runtime.Greetings.GreetingsTrainingService",
  ]);
  const settings = caikitSettings({
    library: "caikit_template",
    domain: "Greetings",
    package: "acme.greetings.v1",
  });
  const surface = currentCaikitSurface(settings);
  assert.deepEqual(surface.services.slice(0, 2).map((service) => service.name), [
    "acme.greetings.v1.GreetingsService",
    "acme.greetings.v1.GreetingsTrainingService",
  ]);
  await installCaikitDefinitions(surface);
  const root = surface.built().root;
  const predict = root.lookupService("acme.greetings.v1.GreetingsService").methods
    .HelloWorldTaskPredict;
  assert.equal(predict.resolvedRequestType?.fullName, ".acme.greetings.v1.HelloWorldTaskRequest");
  assert.equal(
    predict.resolvedResponseType?.fullName,
    ".caikit_template.data_model.HelloWorldPrediction",
  );
  assert.ok(root.lookupType("acme.greetings.v1.HelloWorldTaskHelloWorldModuleTrainRequest"));
  assert.ok(root.lookupType("acme.greetings.v1.DataStreamSourceHelloWorldTrainingType"));
});
