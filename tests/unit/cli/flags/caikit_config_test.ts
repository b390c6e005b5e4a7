/**
 * A Caikit runtime config given to --config (runtime/cli/flags/caikit_config.ts,
 * through config_file.ts and the program's parser): recognised by its
 * `runtime:` key; Caikit's keys set --models, --training-dir, --port,
 * --http-port, the TLS files and the Caikit flags, paths relative to the
 * file; Caikit's default ports when none is named, below flags and the
 * environment; `enabled` switches; this runtime's own keys under
 * `model_runtime:`; unknown keys reported in one warning; a malformed known
 * key is an error naming it. The demo layout is caikit-template's `demo/`
 * as the project's Caikit wire notes (§6) describe it, recreated in
 * tests/fixtures/caikit/demo/.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseCommandLine } from "../../../../runtime/cli/flags.ts";
import { parseConfigFile } from "../../../../runtime/cli/flags/config_file.ts";
import { SERVE_MODE } from "../../../../runtime/cli/flags/serve_flags.ts";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";
import { PROJECT_ROOT } from "../../../support/cli.ts";

const DEMO = join(PROJECT_ROOT, "tests", "fixtures", "caikit", "demo");
const DEMO_SERVER = Deno.readTextFileSync(join(DEMO, "server", "config.yml"));
const DEMO_CLIENT = Deno.readTextFileSync(join(DEMO, "client", "config.yml"));

const serve = (args: string[], file: string, env: Record<string, string> = {}) =>
  optionsOf("serve", ["--config", "/demo/server/config.yml", ...args], env, file);

const inputs = (text: string, file = "/demo/server/config.yml") => {
  const warnings: string[] = [];
  const values = parseConfigFile(text, file, SERVE_MODE.flags, undefined, (w) => warnings.push(w));
  const byOption = Object.fromEntries([...values].map(([key, input]) => [key, input.value]));
  const sources = Object.fromEntries([...values].map(([key, input]) => [key, input.source]));
  return { byOption, sources, warnings };
};

Deno.test("the template's demo config: its folders relative to the file, Caikit's ports", () => {
  const { byOption, sources, warnings } = inputs(DEMO_SERVER);
  assert.deepEqual(byOption, {
    models: "/demo/models",
    trainingDir: "/demo/train_output",
    port: "8085",
    httpPort: "8080",
  });
  assert.equal(sources.models, "/demo/server/config.yml: runtime.local_models_dir");
  assert.equal(sources.port, "/demo/server/config.yml: Caikit's default runtime.grpc.port");
  assert.deepEqual(warnings, []);
  const options = serve([], DEMO_SERVER);
  assert.equal(options.models, "/demo/models");
  assert.equal(options.trainingDir, "/demo/train_output");
  assert.equal(options.port, 8085);
  assert.equal(options.httpPort, 8080);
  assert.equal(inputs(DEMO_CLIENT, "/demo/client/config.yml").byOption.models, "/demo/models");
});

Deno.test("a relative Caikit config resolves against the folder it was named from", () => {
  const values = parseConfigFile(DEMO_SERVER, "demo/server/config.yml", SERVE_MODE.flags, "/w");
  assert.equal(values.get("models")?.value, "/w/demo/models");
  assert.equal(values.get("trainingDir")?.value, "/w/demo/train_output");
});

Deno.test("Caikit's port keys sit below flags, MODEL_RUNTIME_* and PSC_MODEL_PORT", () => {
  const file = "runtime:\n  grpc: { port: 9001 }\n  http: { port: 9002 }\n";
  assert.equal(serve([], file).port, 9001);
  assert.equal(serve([], file).httpPort, 9002);
  assert.equal(serve([], file, { PSC_MODEL_PORT: "9101" }).port, 9101);
  assert.equal(serve([], file, { MODEL_RUNTIME_PORT: "9201", PSC_MODEL_PORT: "9101" }).port, 9201);
  assert.equal(serve(["--port", "9301"], file, { MODEL_RUNTIME_PORT: "9201" }).port, 9301);
  assert.equal(serve([], file, { MODEL_RUNTIME_HTTP_PORT: "9202" }).httpPort, 9202);
  assert.equal(serve(["--http-port", "9302"], file).httpPort, 9302);
  // Caikit's defaults too: the environment and flags beat them.
  assert.equal(serve([], DEMO_SERVER, { PSC_MODEL_PORT: "9101" }).port, 9101);
  assert.equal(serve(["--port", "0", "--http-port", "0"], DEMO_SERVER).port, 0);
});

Deno.test("enabled: false switches the HTTP port off; gRPC cannot be switched off", () => {
  const noHttp = "runtime:\n  http: { enabled: false, port: 9002 }\n";
  assert.equal(serve([], noHttp).httpPort, null);
  assert.equal(serve(["--http-port", "9302"], noHttp).httpPort, 9302, "a flag still wins");
  assert.equal(serve([], "runtime:\n  http: { enabled: 'False' }\n").httpPort, null);
  assert.equal(serve([], "runtime:\n  grpc: { enabled: true }\n").port, 8085);
  assert.match(
    usageErrorOf(["--config", "c.yml"], {}, "runtime:\n  grpc: { enabled: false }\n"),
    /^cannot use the config file: c\.yml: runtime\.grpc\.enabled: false is not supported: this runtime always serves gRPC/,
  );
  assert.match(
    usageErrorOf(["--config", "c.yml"], {}, "runtime:\n  http: { enabled: maybe }\n"),
    /c\.yml: runtime\.http\.enabled must be true or false, got "maybe"/,
  );
  assert.equal(serve(["--http-port", "off"], "").httpPort, null);
});

Deno.test("library and service generation reach the Caikit flags; TLS files map too", () => {
  const file = `
runtime:
  library: caikit_template
  service_generation:
    domain: Greetings
    package: acme.runtime.Greetings
    primitive_data_model_types: [caikit_template.data_model.hello_world.HelloWorldInput]
  tls:
    server: { key: tls/server.key, cert: /abs/server.crt }
    client: { cert: "" }
`;
  const options = serve([], file);
  assert.equal(options.caikitLibrary, "caikit_template");
  assert.equal(options.caikitDomain, "Greetings");
  assert.equal(options.caikitPackage, "acme.runtime.Greetings");
  assert.equal(options.caikitVersion, "0.18.1");
  assert.equal(options.tlsKey, "/demo/server/tls/server.key");
  assert.equal(options.tlsCert, "/abs/server.crt");
  assert.equal(options.tlsCa, undefined, "an empty path is Caikit's unset");
  assert.equal(serve(["--caikit-library", "model_runtime"], file).caikitLibrary, "model_runtime");
});

Deno.test("this runtime's own keys go under model_runtime:, the wire version among them", () => {
  const file = `
runtime:
  local_models_dir: ../models
model_runtime:
  caikit: { version: newest, replace_served: true }
  training_dir: ../jobs
  grpc_port: 9401
  log_level: warn
`;
  const options = serve([], file);
  assert.equal(options.caikitVersion, "newest");
  assert.equal(options.caikitReplaceServed, true);
  assert.equal(options.trainingDir, "/demo/jobs");
  assert.equal(options.port, 9401, "an own port key replaces Caikit's default");
  assert.equal(options.httpPort, 8080);
  assert.equal(options.logLevel, "warn");
  assert.match(
    usageErrorOf(
      ["--config", "c.yml"],
      {},
      "runtime:\n  grpc: { port: 1 }\nmodel_runtime: { grpc_port: 2 }\n",
    ),
    /c\.yml: runtime\.grpc\.port and c\.yml: model_runtime\.grpc_port set the same setting; keep one/,
  );
  assert.match(
    usageErrorOf(["--config", "c.yml"], {}, "runtime: {}\nmodel_runtime: { colour: red }\n"),
    /c\.yml: unknown setting 'model_runtime\.colour' \(known: bundle, models_dir/,
  );
  assert.match(
    usageErrorOf(["--config", "c.yml"], {}, "runtime: {}\nmodel_runtime: 3\n"),
    /c\.yml: model_runtime must be a mapping of this runtime's settings/,
  );
});

Deno.test("keys this runtime does not use are ignored with one warning listing them", () => {
  const file = `
runtime:
  local_models_dir: models
  lazy_load_local_models: true
  metrics: { port: 8086 }
  service_generation: { primitive_data_model_types: [a.B] }
log: { formatter: pretty }
`;
  const { warnings } = inputs(file, "c.yml");
  assert.deepEqual(warnings, [
    "c.yml: ignoring Caikit settings this runtime does not use: runtime.lazy_load_local_models, " +
    "runtime.metrics, runtime.service_generation.primitive_data_model_types, log",
  ]);
  const command = parseCommandLine(["--config", "c.yml"], () => undefined, () => file);
  assert.equal(command.kind, "run");
  assert.deepEqual(command.kind === "run" && command.warnings, warnings);
  const plain = parseCommandLine(["--config", "c.yml"], () => undefined, () => DEMO_SERVER);
  assert.deepEqual(plain.kind === "run" && plain.warnings, []);
});

Deno.test("a malformed key this runtime uses is an error naming it", () => {
  const cases: [string, RegExp][] = [
    ["runtime: 5", /c\.yml: runtime must be a mapping \(/],
    ["runtime:\n  grpc: 5", /c\.yml: runtime\.grpc must be a mapping \(port, enabled\)/],
    [
      "runtime:\n  grpc: { port: abc }",
      /c\.yml: runtime\.grpc\.port takes a port number 0-65535, got 'abc'/,
    ],
    [
      "runtime:\n  http: { port: 70000 }",
      /c\.yml: runtime\.http\.port takes a port number 0-65535 or off/,
    ],
    [
      "runtime:\n  local_models_dir: [a, b]",
      /c\.yml: runtime\.local_models_dir must be a single value/,
    ],
    [
      "runtime:\n  training: { output_dir: { a: 1 } }",
      /c\.yml: runtime\.training\.output_dir must be a single value/,
    ],
    ["runtime:\n  library: caikit-template", /c\.yml: runtime\.library takes a Python module name/],
    [
      "runtime:\n  service_generation: { domain: 'a b' }",
      /runtime\.service_generation\.domain takes an identifier/,
    ],
    [
      "runtime:\n  service_generation: { package: '.x' }",
      /runtime\.service_generation\.package takes a dotted proto package/,
    ],
    [
      "runtime: {}\nmodel_runtime: { caikit: { version: '0.17' } }",
      /model_runtime\.caikit\.version takes one of 0\.18\.1, newest/,
    ],
  ];
  for (const [text, expected] of cases) {
    assert.match(usageErrorOf(["--config", "c.yml"], {}, text), expected, text);
  }
});
