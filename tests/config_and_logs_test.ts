/**
 * Configuration and logs: JSON log lines carrying each request's id (the
 * caller's x-request-id, or a generated one) on gRPC and HTTP; and the real
 * program serving from a config file with JSON logs. How each serve flag is
 * read from MODEL_RUNTIME_<FLAG> and the config file is unit-tested in
 * tests/unit/cli/flags/serve_flags_test.ts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { grpcObject } from "../runtime/protocols/wire/proto_loader.ts";
import { checkHealth } from "../runtime/client/health_client.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { createLogger } from "../runtime/base/log.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { addModel } from "./fixtures/onnx/models.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import { eventually, repositoryClient, unary, writeOnnxFolder } from "./support/ops_clients.ts";
import { freePort } from "./support/free_port.ts";

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
