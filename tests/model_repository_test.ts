/**
 * The model repository through real clients: a server started with
 * `--models` serves bundle, model.onnx and numbered-version folders; the
 * ModelRepository RPCs list, load and unload by name (NOT_FOUND for unknown
 * names); folders dropped in or removed while serving are loaded or unloaded
 * within seconds; a broken folder is reported not ready with its reason and
 * never takes the server down; a name clash with the default bundle is a
 * start-up error.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { serveModel } from "../runtime/server/serve_model.ts";
import { createLogger } from "../runtime/base/log.ts";
import { addModel, logisticModel } from "./fixtures/onnx/models.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import { eventually, repositoryClient, unary, writeOnnxFolder } from "./support/ops_clients.ts";

const log = createLogger("silent");

interface ModelState {
  name: string;
  version: string;
  state: string;
  reason: string;
  origin: string;
}

async function makeRepository(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "repository_test_" });
  await writeOnnxFolder(join(dir, "adder"), addModel());
  await writeOnnxFolder(join(dir, "versioned", "1"), logisticModel());
  await writeOnnxFolder(join(dir, "versioned", "3"), addModel());
  await Deno.mkdir(join(dir, "versioned", "2"));
  await Deno.mkdir(join(dir, "iris-copy"));
  await Deno.copyFile(
    join(PROJECT_ROOT, "asset_bundle", "0.1.0", "model.yaml"),
    join(dir, "iris-copy", "model.yaml"),
  );
  for await (const entry of Deno.readDir(join(PROJECT_ROOT, "asset_bundle", "0.1.0"))) {
    if (entry.isFile) {
      await Deno.copyFile(
        join(PROJECT_ROOT, "asset_bundle", "0.1.0", entry.name),
        join(dir, "iris-copy", entry.name),
      );
    }
  }
  await Deno.mkdir(join(dir, "broken"));
  await Deno.writeTextFile(join(dir, "broken", "model.onnx"), "this is not an ONNX file");
  await Deno.mkdir(join(dir, "Bad|Name"));
  await Deno.writeTextFile(join(dir, "Bad|Name", "model.onnx"), "x");
  await writeOnnxFolder(join(dir, "ResNet50"), addModel());
  await Deno.mkdir(join(dir, "still-empty"));
  return dir;
}

async function inferAdd(baseUrl: string, model: string): Promise<Response> {
  return await fetch(`${baseUrl}/v2/models/${model}/infer`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      inputs: [{ name: "x", datatype: "FP32", shape: [1, 3], data: [1, 2, 3] }],
    }),
  });
}

async function stateOf(client: grpc.Client, name: string): Promise<ModelState | undefined> {
  const answer = await unary<{ models: ModelState[] }>(client, "RepositoryIndex", {});
  return answer.models.find((model) => model.name === name);
}

Deno.test("a repository serves every layout, reports failures, and loads/unloads by name and by folder", async () => {
  const dir = await makeRepository();
  // The iris copy is named 'iris-copy'; the folder 'iris-classifier' would clash.
  const server = await serveModel({ port: 0, models: dir, log, repositoryPollMs: 200 });
  const target = `127.0.0.1:${server.port}`;
  const baseUrl = `http://127.0.0.1:${server.http?.port}`;
  const client = repositoryClient(target);
  try {
    const index = await unary<{ models: ModelState[] }>(client, "RepositoryIndex", {});
    const byName = new Map(index.models.map((model) => [model.name, model]));
    assert.deepEqual(
      [...byName.keys()].sort(),
      [
        "Bad|Name",
        "ResNet50",
        "adder",
        "broken",
        "iris-classifier",
        "iris-copy",
        "still-empty",
        "versioned",
      ],
    );
    assert.equal(byName.get("adder")?.state, "READY");
    assert.equal(byName.get("adder")?.version, "1");
    assert.equal(byName.get("versioned")?.state, "READY");
    assert.equal(byName.get("versioned")?.version, "3", "the highest numbered folder is served");
    assert.equal(byName.get("iris-copy")?.state, "READY");
    assert.equal(byName.get("iris-copy")?.version, "0.1.0");
    assert.equal(byName.get("iris-classifier")?.origin, "bundle");
    assert.equal(byName.get("broken")?.state, "UNAVAILABLE");
    assert.ok(byName.get("broken")!.reason.length > 0, "a failed load says why");
    assert.equal(byName.get("Bad|Name")?.state, "INVALID");
    assert.match(byName.get("Bad|Name")!.reason, /cannot name a model: the name holds '\|'/);
    assert.equal(byName.get("still-empty")?.state, "INVALID", "a folder without a model is listed");
    assert.match(byName.get("still-empty")!.reason, /empty/);
    // Names are kept as given (case-sensitive); REST paths are percent-decoded.
    assert.equal(byName.get("ResNet50")?.state, "READY");
    const resnet = await (await inferAdd(baseUrl, "Res%4Eet50")).json();
    assert.equal(resnet.model_name, "ResNet50");
    assert.deepEqual(resnet.outputs[0].data, [11, 22, 33]);
    const lower = await inferAdd(baseUrl, "resnet50");
    assert.equal(lower.status, 404, "names are case-sensitive");
    await lower.body?.cancel();
    const ready = await unary<{ models: ModelState[] }>(client, "RepositoryIndex", { ready: true });
    assert.ok(ready.models.every((model) => model.state === "READY"));

    // The onnx models answer tensors over REST; version 3 of 'versioned' is the adder.
    const added = await (await inferAdd(baseUrl, "versioned")).json();
    assert.deepEqual(added.outputs[0].data, [11, 22, 33]);
    assert.equal(added.model_version, "3");
    // The broken model is registered, not ready, and the server keeps serving.
    const brokenReady = await fetch(`${baseUrl}/v2/models/broken/ready`);
    assert.notEqual(brokenReady.status, 200, "the broken model is not ready");
    assert.notEqual(brokenReady.status, 404, "the broken model is registered");
    await brokenReady.body?.cancel();

    // Unload by name: gone from the data plane, listed as UNLOADED, and stays unloaded.
    await unary(client, "Unload", { name: "adder" });
    const afterUnload = await inferAdd(baseUrl, "adder");
    assert.equal(afterUnload.status, 404);
    await afterUnload.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal((await stateOf(client, "adder"))?.state, "UNLOADED");
    // Load by name brings it back, answering once ready.
    const loaded = await unary<{ model: ModelState }>(client, "Load", { name: "adder" });
    assert.equal(loaded.model.state, "READY");
    assert.equal((await inferAdd(baseUrl, "adder")).status, 200);

    // Errors: unknown names are NOT_FOUND; the bundle model cannot be unloaded; a
    // folder that fails to load answers UNAVAILABLE with the reason.
    await assert.rejects(unary(client, "Load", { name: "nope" }), { code: grpc.status.NOT_FOUND });
    await assert.rejects(unary(client, "Unload", { name: "nope" }), {
      code: grpc.status.NOT_FOUND,
    });
    await assert.rejects(unary(client, "Load", { name: "Bad|Name" }), {
      code: grpc.status.NOT_FOUND,
    });
    await assert.rejects(unary(client, "Unload", { name: "iris-classifier" }), {
      code: grpc.status.INVALID_ARGUMENT,
    });
    await assert.rejects(unary(client, "Load", { name: "broken" }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.UNAVAILABLE);
      assert.match(error.details, /broken/);
      return true;
    });

    // A folder dropped in while serving becomes ready within seconds ...
    await writeOnnxFolder(join(dir, "dropped"), addModel());
    assert.ok(
      await eventually(async () => (await stateOf(client, "dropped"))?.state === "READY"),
      "the dropped folder became ready",
    );
    const dropped = await inferAdd(baseUrl, "dropped");
    assert.equal(dropped.status, 200);
    await dropped.body?.cancel();
    // ... a folder that was still empty at start is served once it holds a model ...
    await writeOnnxFolder(join(dir, "still-empty"), addModel());
    assert.ok(
      await eventually(async () => (await stateOf(client, "still-empty"))?.state === "READY"),
    );
    // ... a new numbered version folder is served in place of the old one ...
    await writeOnnxFolder(join(dir, "versioned", "5"), logisticModel());
    assert.ok(
      await eventually(async () => {
        const state = await stateOf(client, "versioned");
        return state?.version === "5" && state.state === "READY";
      }),
      "version 5 replaced version 3",
    );
    // ... and removing a folder unloads its model.
    await Deno.remove(join(dir, "dropped"), { recursive: true });
    assert.ok(
      await eventually(async () => (await stateOf(client, "dropped")) === undefined),
      "the removed folder was unloaded",
    );
    const gone = await inferAdd(baseUrl, "dropped");
    assert.equal(gone.status, 404);
    await gone.body?.cancel();
  } finally {
    client.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a repository folder named like the default bundle model is a start-up error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "repository_clash_" });
  await writeOnnxFolder(join(dir, "iris-classifier"), addModel());
  try {
    await assert.rejects(
      serveModel({ port: 0, models: dir, log }),
      /model repository folder 'iris-classifier'.*has the name of the bundle model/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a repository folder that does not exist is a start-up error", async () => {
  await assert.rejects(
    serveModel({ port: 0, models: "/nonexistent/models-dir", log }),
    /cannot read the model repository \/nonexistent\/models-dir/,
  );
});

Deno.test("without --models, Load and Unload of unknown names are NOT_FOUND", async () => {
  const server = await serveModel({ port: 0, log });
  const client = repositoryClient(`127.0.0.1:${server.port}`);
  try {
    await assert.rejects(unary(client, "Load", { name: "adder" }), {
      code: grpc.status.NOT_FOUND,
    });
    await assert.rejects(unary(client, "Unload", { name: "adder" }), {
      code: grpc.status.NOT_FOUND,
    });
    const index = await unary<{ models: ModelState[] }>(client, "RepositoryIndex", {});
    assert.deepEqual(index.models.map((model) => [model.name, model.state]), [
      ["iris-classifier", "READY"],
    ]);
  } finally {
    client.close();
    await server.stop();
  }
});
