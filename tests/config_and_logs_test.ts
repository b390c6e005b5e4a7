/**
 * Configuration and logs: every serve flag from MODEL_RUNTIME_<FLAG> and from
 * the runtime config file, precedence flag > env > file > default, paths in
 * the file relative to it; JSON log lines carrying each request's id (the
 * caller's x-request-id, or a generated one) on gRPC and HTTP; and the real
 * program serving from a config file with JSON logs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { grpcObject } from "../runtime/protocols/wire/proto_loader.ts";
import { parseCommandLine } from "../runtime/cli/flags.ts";
import { checkHealth } from "../runtime/client/health_client.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { createLogger } from "../runtime/base/log.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { addModel } from "./fixtures/onnx/models.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import { eventually, repositoryClient, unary, writeOnnxFolder } from "./support/ops_clients.ts";

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

function options(args: string[], env: Record<string, string> = {}, file = CONFIG) {
  const command = parseCommandLine(args, (name) => env[name], () => file);
  assert.equal(command.kind, "run", command.kind === "usage-error" ? command.message : "");
  return command.kind === "run" ? command.options : assert.fail();
}

Deno.test("config file values apply, relative to the file; env beats file; flags beat env", () => {
  const fromFile = options(["--config", "/etc/runtime/runtime.yaml"]);
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
  const fromEnv = options(["--config", "/etc/runtime/runtime.yaml"], env);
  assert.equal(fromEnv.httpPort, 9200);
  assert.equal(fromEnv.models, "/env/models");
  assert.equal(fromEnv.lazy, false);
  assert.equal(fromEnv.logLevel, "debug");
  assert.equal(fromEnv.port, 46001, "the file still sets what env does not");

  const fromFlags = options(
    ["--config", "/etc/runtime/runtime.yaml", "--http-port", "9300", "--models", "cli-models"],
    env,
  );
  assert.equal(fromFlags.httpPort, 9300);
  assert.equal(fromFlags.models, "cli-models", "a flag path stays as the user typed it");

  const defaults = options([]);
  assert.equal(defaults.httpPort, 8080);
  assert.equal(defaults.port, 45000);
  assert.equal(defaults.logFormat, "text");
  assert.equal(defaults.logLevel, "info");
  assert.equal(defaults.models, undefined);
});

Deno.test("the port: --port > MODEL_RUNTIME_PORT > PSC_MODEL_PORT > grpc_port in the file > 45000", () => {
  const file = "/r/runtime.yaml";
  const all = { MODEL_RUNTIME_PORT: "47001", PSC_MODEL_PORT: "47002" };
  assert.equal(options(["--config", file, "--port", "47000"], all).port, 47000);
  assert.equal(options(["--config", file], all).port, 47001);
  assert.equal(options(["--config", file], { PSC_MODEL_PORT: "47002" }).port, 47002);
  assert.equal(options(["--config", file]).port, 46001);
  assert.equal(options([], { MODEL_RUNTIME_CONFIG: file }).port, 46001, "config file from env");
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
    const command = parseCommandLine(args, (name) => env[name], () => file);
    assert.equal(command.kind, "usage-error", expected);
    assert.ok(
      command.kind === "usage-error" && command.message.includes(expected),
      `${expected}: ${command.kind === "usage-error" ? command.message : ""}`,
    );
  }
  const unreadable = parseCommandLine(["--config", "/nonexistent/runtime.yaml"]);
  assert.ok(unreadable.kind === "usage-error" && unreadable.message.includes("config file"));
  const stray = parseCommandLine(["--infer", "--models", "m"]);
  assert.ok(stray.kind === "usage-error" && stray.message.includes("--models does not apply"));
});

Deno.test("JSON log lines carry each request's id, on gRPC and on HTTP", async () => {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("debug", "json", (line) => lines.push(JSON.parse(line)));
  const server = await serveModel({ port: 0, httpPort: 0, log });
  const target = `127.0.0.1:${server.port}`;
  const Modzy = grpcObject("model.proto").ModzyModel as grpc.ServiceClientConstructor;
  const client = new Modzy(target, grpc.credentials.createInsecure());
  try {
    assert.ok(
      lines.every((line) => typeof line.time === "string" && typeof line.level === "string"),
    );
    assert.ok(lines.some((line) => line.msg === "serving" && line.port === server.port));

    const metadata = new grpc.Metadata();
    metadata.set("x-request-id", "modzy-run-42");
    const input = new TextEncoder().encode('{"sepal_length": 5.1}');
    await unary(client, "Run", { inputs: [{ input: { "input.json": input } }] }, metadata);
    const run = lines.find((line) => line.msg === "request" && line.operation === "run");
    assert.equal(run?.request_id, "modzy-run-42");
    assert.equal(run?.door, "modzy");

    // OIP ModelInfer, like Run, passes its id along itself (no request context around it).
    const Oip = grpcObject("grpc_predict_v2.proto").inference as grpc.GrpcObject;
    const Inference = Oip.GRPCInferenceService as grpc.ServiceClientConstructor;
    const oip = new Inference(target, grpc.credentials.createInsecure());
    const inferMetadata = new grpc.Metadata();
    inferMetadata.set("x-request-id", "oip-infer-9");
    await assert.rejects(
      unary(oip, "ModelInfer", { model_name: "no-such-model", inputs: [] }, inferMetadata),
      { code: grpc.status.NOT_FOUND },
    );
    oip.close();
    const inferFailed = lines.find((line) =>
      line.msg === "request failed" && line.door === "oip-grpc" && line.operation === "infer"
    );
    assert.equal(inferFailed?.request_id, "oip-infer-9");

    await unary(client, "Status", {});
    const status = lines.find((line) => line.msg === "request" && line.operation === "status");
    assert.match(String(status?.request_id), /^[0-9a-f-]{36}$/, "a generated id");

    const response = await fetch(`http://127.0.0.1:${server.http?.port}/v2/models/nope/infer`, {
      method: "POST",
      headers: { "x-request-id": "rest-7" },
      body: JSON.stringify({ inputs: [] }),
    });
    await response.body?.cancel();
    assert.equal(response.headers.get("x-request-id"), "rest-7");
    const failed = lines.find((line) => line.msg === "request failed" && line.door === "oip-rest");
    assert.equal(failed?.request_id, "rest-7");
    assert.equal(failed?.level, "warn");
    assert.equal(failed?.kind, "not_found");
  } finally {
    client.close();
    await server.stop();
  }
});

Deno.test("text log lines and level filtering", () => {
  const lines: string[] = [];
  const log = createLogger("warn", "text", (line) => lines.push(line));
  log.info("hidden");
  log.warn("shown", { model: "iris", reason: "two words" });
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^\S+ WARN shown model=iris reason="two words"$/);
});

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("the program serves from a config file: repository, ports, JSON logs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "config_serve_" });
  const [port, httpPort] = [freePort(), freePort()];
  await writeOnnxFolder(join(dir, "models", "adder"), addModel());
  await Deno.writeTextFile(
    join(dir, "runtime.yaml"),
    `models_dir: models\ngrpc_port: ${port}\nhttp_port: ${httpPort}\nlog_format: json\n`,
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--config=${join(PROJECT_ROOT, "deno.json")}`,
      join(PROJECT_ROOT, "main.ts"),
      "--serve",
    ],
    cwd: await Deno.makeTempDir({ prefix: "config_cwd_" }),
    env: { NO_COLOR: "1", MODEL_RUNTIME_CONFIG: join(dir, "runtime.yaml") },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const output = child.output();
  const target = `127.0.0.1:${port}`;
  try {
    assert.ok(
      await eventually(
        () => checkHealth(target, "", 2_000).then((s) => s === "SERVING", () => false),
        60_000,
      ),
      "the server became healthy",
    );
    const repository = repositoryClient(target);
    const index = await unary<{ models: { name: string; state: string }[] }>(
      repository,
      "RepositoryIndex",
      {},
    );
    repository.close();
    assert.deepEqual(index.models.map((m) => [m.name, m.state]), [
      ["adder", "READY"],
      ["iris-classifier", "READY"],
    ]);
    const ready = await fetch(`http://127.0.0.1:${httpPort}/v2/models/adder/ready`);
    assert.equal(ready.status, 200);
    await ready.body?.cancel();
    const modzy = new ModzyClient(target);
    await modzy.shutdown();
    modzy.close();
  } finally {
    const result = await Promise.race([
      output,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
    ]);
    if (result === null) child.kill("SIGKILL");
    const { stderr } = await output;
    const lines = new TextDecoder().decode(stderr).trim().split("\n");
    await Deno.remove(dir, { recursive: true });
    const parsed = lines.map((line) => JSON.parse(line));
    assert.ok(parsed.some((line) => line.msg === "serving" && line.port === port));
    assert.ok(
      parsed.some((line) =>
        line.msg === "loading model from the repository" && line.model === "adder"
      ),
    );
  }
});
