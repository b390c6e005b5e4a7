/**
 * Serve's flags (runtime/cli/flags/serve_flags.ts) through the program's
 * parser: defaults, the port's sources in order, every serve flag from
 * MODEL_RUNTIME_<FLAG> and from the runtime config file (precedence flag >
 * env > file > default, paths in the file relative to it), batching, and
 * bad values naming where they came from.
 */
import assert from "node:assert/strict";
import { parseCommandLine } from "../../../../runtime/cli/flags.ts";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

const CONFIG = `
models_dir: ./models
training_dir: jobs
grpc_port: 46001
http_port: 9100
lazy: true
log_format: json
log_level: warn
tls:
  cert: tls/server.crt
  key: /abs/server.key
`;

const serve = (args: string[], env: Record<string, string> = {}, file = CONFIG) =>
  optionsOf("serve", args, env, file);

Deno.test("no flags serves on 45000; PSC_MODEL_PORT and --port override in that order", () => {
  assert.equal(serve([]).port, 45000);
  const env = { PSC_MODEL_PORT: "46000" };
  assert.equal(serve(["--serve"], env).port, 46000);
  assert.equal(serve(["--port", "47000"], env).port, 47000);
});

Deno.test("config file values apply, relative to the file; env beats file; flags beat env", () => {
  const fromFile = serve(["--config", "/etc/runtime/runtime.yaml"]);
  assert.equal(fromFile.models, "/etc/runtime/models");
  assert.equal(fromFile.trainingDir, "/etc/runtime/jobs");
  assert.equal(fromFile.tlsCert, "/etc/runtime/tls/server.crt");
  assert.equal(fromFile.tlsKey, "/abs/server.key");
  assert.equal(fromFile.port, 46001);
  assert.equal(fromFile.httpPort, 9100);
  assert.equal(fromFile.lazy, true);
  assert.equal(fromFile.logFormat, "json");
  assert.equal(fromFile.logLevel, "warn");
  assert.equal(fromFile.config, "/etc/runtime/runtime.yaml");

  const env = {
    MODEL_RUNTIME_HTTP_PORT: "9200",
    MODEL_RUNTIME_MODELS: "/env/models",
    MODEL_RUNTIME_LAZY: "false",
    MODEL_RUNTIME_LOG_LEVEL: "debug",
  };
  const fromEnv = serve(["--config", "/etc/runtime/runtime.yaml"], env);
  assert.equal(fromEnv.httpPort, 9200);
  assert.equal(fromEnv.models, "/env/models");
  assert.equal(fromEnv.lazy, false);
  assert.equal(fromEnv.logLevel, "debug");
  assert.equal(fromEnv.port, 46001, "the file still sets what env does not");

  const fromFlags = serve(
    ["--config", "/etc/runtime/runtime.yaml", "--http-port", "9300", "--models", "cli-models"],
    env,
  );
  assert.equal(fromFlags.httpPort, 9300);
  assert.equal(fromFlags.models, "cli-models", "a flag path stays as the user typed it");

  const defaults = serve([]);
  assert.equal(defaults.httpPort, 8080);
  assert.equal(defaults.port, 45000);
  assert.equal(defaults.logFormat, "text");
  assert.equal(defaults.logLevel, "info");
  assert.equal(defaults.models, undefined);
});

Deno.test("the port: --port > MODEL_RUNTIME_PORT > PSC_MODEL_PORT > grpc_port in the file > 45000", () => {
  const file = "/r/runtime.yaml";
  const all = { MODEL_RUNTIME_PORT: "47001", PSC_MODEL_PORT: "47002" };
  assert.equal(serve(["--config", file, "--port", "47000"], all).port, 47000);
  assert.equal(serve(["--config", file], all).port, 47001);
  assert.equal(serve(["--config", file], { PSC_MODEL_PORT: "47002" }).port, 47002);
  assert.equal(serve(["--config", file]).port, 46001);
  assert.equal(serve([], { MODEL_RUNTIME_CONFIG: file }).port, 46001, "config file from env");
});

Deno.test("bad values name where they came from", () => {
  const cases: [string[], Record<string, string>, string, string][] = [
    [[], { MODEL_RUNTIME_HTTP_PORT: "x" }, CONFIG, "MODEL_RUNTIME_HTTP_PORT takes a port number"],
    [[], { MODEL_RUNTIME_LAZY: "maybe" }, CONFIG, "MODEL_RUNTIME_LAZY takes true or false"],
    [["--log-level", "loud"], {}, CONFIG, "--log-level takes one of debug, info, warn, error"],
    [["--log-format", "xml"], {}, CONFIG, "--log-format takes one of text, json"],
    [["--config", "r.yaml"], {}, "http_port: 99999", "r.yaml: http_port takes a port number"],
    [["--config", "r.yaml"], {}, "colour: red", "r.yaml: unknown setting 'colour'"],
    [["--config", "r.yaml"], {}, "- a list", "r.yaml must be a mapping"],
    [["--config", "r.yaml"], {}, "models_dir: [a, b]", "r.yaml: models_dir must be a single value"],
  ];
  for (const [args, env, file, expected] of cases) {
    const message = usageErrorOf(args, env, file);
    assert.ok(message.includes(expected), `${expected}: ${message}`);
  }
  const unreadable = parseCommandLine(["--config", "/nonexistent/runtime.yaml"]);
  assert.ok(unreadable.kind === "usage-error" && unreadable.message.includes("config file"));
});

Deno.test("--batching is on by default; --batching off and MODEL_RUNTIME_BATCHING turn it off", () => {
  assert.equal(serve(["--serve"]).batching, true);
  assert.equal(serve(["--serve"]).batchWaitMs, undefined);
  assert.equal(serve(["--serve", "--batching", "off"]).batching, false);
  assert.equal(serve(["--serve", "--batching", "on"]).batching, true);
  assert.equal(serve(["--serve"], { MODEL_RUNTIME_BATCHING: "off" }).batching, false);
  assert.equal(serve(["--serve", "--batch-wait-ms", "2.5"]).batchWaitMs, 2.5);
});

Deno.test("bad --batching and --batch-wait-ms values are usage errors", () => {
  for (
    const args of [["--batching", "maybe"], ["--batch-wait-ms", "x"], ["--batch-wait-ms", "-1"]]
  ) {
    usageErrorOf(["--serve", ...args]);
  }
  assert.equal(
    usageErrorOf(["--serve", "--batch-wait-ms", "1001"]),
    "--batch-wait-ms takes 0 to 1000, got '1001'",
  );
  usageErrorOf(["--infer", "--batching", "off"]);
});

Deno.test("serve takes no flag of another mode", () => {
  for (const flag of ["--out", "--input", "--target", "--json", "--seed", "--replicas"]) {
    assert.match(usageErrorOf(["--serve", flag, "x"]), /does not apply to --serve/, flag);
  }
});
