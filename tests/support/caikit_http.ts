/**
 * Helpers for tests of Caikit's HTTP API: a real server with an HTTP port,
 * the demo's hello_world and a plain ONNX model in its models folder and a
 * training folder; requests with fetch; Caikit's error shape asserted.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createLogger } from "../../runtime/base/log.ts";
import type { ModelServer } from "../../runtime/server/model_server.ts";
import { serveModel, type ServeModelOptions } from "../../runtime/server/serve_model.ts";
import { CAIKIT_DEMO } from "./caikit_client.ts";
import { addModel } from "../fixtures/onnx/models.ts";
import { writeOnnxFolder } from "./ops_clients.ts";

const log = createLogger("silent");

/** A running server with an HTTP port, the demo's hello_world and a plain ONNX model. */
export interface HttpFixture {
  readonly server: ModelServer;
  readonly base: string;
  readonly trainingDir: string;
  /** The models folder. */
  readonly models: string;
  /** The gRPC port's `host:port`. */
  readonly target: string;
}

/** Serves `options` with a models folder and a training folder for the length of `test`. */
export async function withHttpServer(
  options: Partial<ServeModelOptions>,
  test: (fixture: HttpFixture) => Promise<void>,
): Promise<void> {
  const models = await Deno.makeTempDir({ prefix: "caikit_http_models_" });
  await Deno.mkdir(join(models, "hello_world"));
  await Deno.copyFile(
    join(CAIKIT_DEMO, "models", "hello_world", "config.yml"),
    join(models, "hello_world", "config.yml"),
  );
  await writeOnnxFolder(join(models, "plain"), addModel());
  const trainingDir = await Deno.makeTempDir({ prefix: "caikit_http_train_" });
  const server = await serveModel({ port: 0, httpPort: 0, log, models, trainingDir, ...options });
  try {
    await test({
      server,
      base: `http://127.0.0.1:${server.http!.port}`,
      trainingDir,
      models,
      target: `127.0.0.1:${server.port}`,
    });
  } finally {
    await server.stop();
    await Deno.remove(models, { recursive: true });
    await Deno.remove(trainingDir, { recursive: true });
  }
}

/** An HTTP answer: status and parsed JSON (or text). */
export interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

/** Sends `method path` with a JSON (or raw text) body and headers. */
export async function send(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (e.g. /health).
  }
  return { status: response.status, body: parsed, text };
}

/** Asserts a Caikit error answer: its status, `code` equal to it, a uuid-hex `id`, `details`. */
export function assertCaikitError(reply: Reply, status: number, details: string | RegExp): void {
  assert.equal(reply.status, status, reply.text);
  assert.deepEqual(Object.keys(reply.body).sort(), ["code", "details", "id"], reply.text);
  assert.equal(reply.body.code, status);
  assert.match(String(reply.body.id), /^[0-9a-f]{32}$/);
  if (typeof details === "string") assert.equal(reply.body.details, details);
  else assert.match(String(reply.body.details), details);
}
