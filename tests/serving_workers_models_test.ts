/**
 * What is served spans the serving workers of `--workers N`: a model loaded
 * or unloaded by name — through the repository service or ModelMesh —
 * whichever worker receives the call, is loaded or unloaded on every worker
 * (and on a worker that restarts); training has one job list whichever
 * worker is asked (each job runs once, on worker 1), and a newly trained
 * model — through the runtime's training service or Caikit train — answers
 * on every worker. Connections are spread over the workers by the kernel:
 * every check uses many fresh connections, and the log shows both workers
 * answered.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { TrainingClient, type TrainingStatusAnswer } from "../runtime/client/training_client.ts";
import { checkHealth } from "../runtime/client/health_client.ts";
import { grpcObject } from "../runtime/protocols/wire/proto_loader.ts";
import { startServerProcess } from "./support/server_process.ts";
import { repositoryClient, unary, writeOnnxFolder } from "./support/ops_clients.ts";
import { addModel } from "./fixtures/onnx/models.ts";
import { textCsv } from "./support/training_data.ts";
import { CAIKIT_DEMO, caikitClients, caikitReference, call, ok } from "./support/caikit_client.ts";

/** Options that give a client a connection of its own (grpc-js otherwise shares one). */
const FRESH = { "grpc.use_local_subchannel_pool": 1 };
/** Connections per check: all on one worker of two by chance once in 2^15. */
const CONNECTIONS = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Runs `work` once on each of {@link CONNECTIONS} fresh connections made by `open`. */
async function onFreshConnections<C extends { close(): void }, T>(
  open: () => C,
  work: (client: C) => Promise<T>,
): Promise<T[]> {
  const clients = Array.from({ length: CONNECTIONS }, open);
  try {
    return await Promise.all(clients.map(work));
  } finally {
    for (const client of clients) client.close();
  }
}

/** Each fresh connection's answer to an OIP ModelInfer of the add model `model`: "ok" or the code. */
function inferEverywhere(target: string, model: string): Promise<string[]> {
  const inference = grpcObject("grpc_predict_v2.proto").inference as grpc.GrpcObject;
  const Service = inference.GRPCInferenceService as grpc.ServiceClientConstructor;
  const request = {
    model_name: model,
    inputs: [{
      name: "x",
      datatype: "FP32",
      shape: [1, 3],
      contents: { fp32_contents: [1, 2, 3] },
    }],
  };
  return onFreshConnections(
    () => new Service(target, grpc.credentials.createInsecure(), FRESH),
    (client) =>
      unary<{ outputs: { contents: { fp32_contents: number[] } }[] }>(client, "ModelInfer", request)
        .then(
          (answer) => {
            assert.deepEqual(answer.outputs[0].contents.fp32_contents, [11, 22, 33]);
            return "ok";
          },
          (error: grpc.ServiceError) => `code ${error.code}`,
        ),
  );
}

/** The workers whose log lines match `pattern`. */
function workersIn(log: string, pattern: RegExp): string[] {
  const workers = new Set<string>();
  for (const line of log.split("\n")) {
    const worker = line.match(/ worker=(\d+)/)?.[1];
    if (worker && pattern.test(line)) workers.add(worker);
  }
  return [...workers].sort();
}

const all = (answer: string) => Array(CONNECTIONS).fill(answer);

async function until(condition: () => Promise<boolean>, what: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!await condition().catch(() => false)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

Deno.test("Load and Unload by name, through the repository service or ModelMesh, act on every worker", async () => {
  const dir = await Deno.makeTempDir({ prefix: "workers_repository_" });
  await writeOnnxFolder(join(dir, "adder"), addModel());
  await using server = await startServerProcess({
    extraArgs: ["--workers", "2", "--models", dir, "--log-level", "debug"],
  });
  const repository = repositoryClient(server.target);
  const mmesh = caikitClients(server.target);
  try {
    assert.deepEqual(await inferEverywhere(server.target, "adder"), all("ok"));
    await unary(repository, "Unload", { name: "adder" });
    assert.deepEqual(
      await inferEverywhere(server.target, "adder"),
      all(`code ${grpc.status.NOT_FOUND}`),
    );
    const loaded = await unary<{ model: { state: string } }>(repository, "Load", { name: "adder" });
    assert.equal(loaded.model.state, "READY");
    assert.deepEqual(await inferEverywhere(server.target, "adder"), all("ok"));
    // A failure every worker shares is answered as it is.
    await assert.rejects(unary(repository, "Unload", { name: "nope" }), {
      code: grpc.status.NOT_FOUND,
    });

    ok(await call(mmesh.mmesh, "loadModel", { modelId: "adder2", modelPath: join(dir, "adder") }));
    assert.deepEqual(await inferEverywhere(server.target, "adder2"), all("ok"));
    const log = await server.logText();
    assert.deepEqual(workersIn(log, / request .*model=adder2 .*operation=infer/), ["1", "2"]);
    ok(await call(mmesh.mmesh, "unloadModel", { modelId: "adder2" }));
    assert.deepEqual(
      await inferEverywhere(server.target, "adder2"),
      all(`code ${grpc.status.NOT_FOUND}`),
    );

    // A worker that restarts serves what the others serve: adder unloaded, adder3 loaded.
    await unary(repository, "Unload", { name: "adder" });
    ok(await call(mmesh.mmesh, "loadModel", { modelId: "adder3", modelPath: join(dir, "adder") }));
    const pid = Number(log.match(/worker started worker=2 pid=(\d+)/)?.[1]);
    Deno.kill(pid, "SIGKILL");
    await until(
      async () =>
        (server.currentLog().match(/ serving worker=2 /g) ?? []).length === 2 &&
        await checkHealth(server.target, "", 5_000, {
            credentials: grpc.credentials.createInsecure(),
            options: FRESH,
          }) === "SERVING",
      () => `worker 2 back and the server ready\n${server.currentLog()}`,
    );
    assert.deepEqual(
      await inferEverywhere(server.target, "adder"),
      all(`code ${grpc.status.NOT_FOUND}`),
    );
    assert.deepEqual(await inferEverywhere(server.target, "adder3"), all("ok"));
    assert.deepEqual(
      workersIn(await server.logText(), / request .*model=adder3 .*operation=infer/),
      ["1", "2"],
    );
  } finally {
    repository.close();
    mmesh.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("training through any worker: one job list, each job run once, the trained model answers on every worker", async () => {
  const dir = await Deno.makeTempDir({ prefix: "workers_training_" });
  await using server = await startServerProcess({
    extraArgs: ["--workers", "2", "--training-dir", join(dir, "trained"), "--log-level", "debug"],
  });
  const fresh = () => new TrainingClient(server.target, undefined, FRESH);
  const trainer = fresh();
  try {
    const job = await trainer.train({ modelName: "topics", csvBytes: encoder.encode(textCsv(15)) });
    assert.equal(job.model_name, "topics");
    // Every worker answers the status of the one job, until it is done.
    let states: TrainingStatusAnswer[] = [];
    await until(async () => {
      states = await onFreshConnections(fresh, (client) => client.status(job.training_id));
      return states.every((status) => status.state === "COMPLETED");
    }, () => JSON.stringify(states.map((status) => status.state)));
    assert.ok(states.every((status) => status.training_id === job.training_id));
    // The same name again is refused by the one job list, whichever worker is asked.
    const again = await onFreshConnections(
      fresh,
      (client) =>
        client.train({ modelName: "topics", csvBytes: encoder.encode(textCsv(15)) }).then(
          () => "accepted",
          (error: grpc.ServiceError) => `code ${error.code}`,
        ),
    );
    assert.deepEqual(again, all(`code ${grpc.status.INVALID_ARGUMENT}`));
    const runs = await onFreshConnections(
      () => new ModzyClient(server.target, undefined, FRESH),
      (client) =>
        client.run(
          [{ "input.json": encoder.encode('{"text":"the band played loud guitars"}') }],
          {},
          {
            modelId: "topics",
          },
        ),
    );
    for (const run of runs) {
      const result = JSON.parse(decoder.decode(run.outputs[0].output["results.json"]));
      assert.equal(result.data.result.classPredictions[0].class, "music");
    }
    // Cancelled through other connections; unknown ids are NOT_FOUND everywhere.
    const second = await trainer.train({
      modelName: "second",
      csvBytes: encoder.encode(textCsv(15)),
    });
    const cancels = await onFreshConnections(fresh, (client) => client.cancel(second.training_id));
    assert.ok(cancels.every((status) => status.state === "CANCELED"), JSON.stringify(cancels));
    const unknown = await onFreshConnections(
      fresh,
      (client) =>
        client.status("no-such-job").then(
          () => "found",
          (error: grpc.ServiceError) => `code ${error.code}`,
        ),
    );
    assert.deepEqual(unknown, all(`code ${grpc.status.NOT_FOUND}`));
    const log = await server.logText();
    assert.deepEqual(workersIn(log, / request .*model=topics .*operation=run/), ["1", "2"]);
    assert.deepEqual(workersIn(log, / training queued /), ["1"]);
    assert.equal(log.match(/ training queued /g)?.length, 2, "each job queued once");
  } finally {
    trainer.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Caikit train through one worker: Predict by mm-model-id answers on every worker", async () => {
  const dir = await Deno.makeTempDir({ prefix: "workers_caikit_" });
  const trainingDir = join(dir, "trained");
  await using server = await startServerProcess({
    extraArgs: ["--workers", "2", "--training-dir", trainingDir, "--log-level", "debug"],
  });
  // deno-lint-ignore no-explicit-any
  const root = caikitReference() as any;
  const credentials = grpc.credentials.createInsecure();
  const clients = caikitClients(server.target);
  try {
    const job = ok(
      await call(clients.training, "HelloWorldTaskHelloWorldModuleTrain", {
        model_name: "hello_trained",
        training_data: { file: { filename: join(CAIKIT_DEMO, "train_data", "sample_data.csv") } },
      }),
    );
    let states: string[] = [];
    await until(async () => {
      states = await onFreshConnections(
        () =>
          new root.caikit.runtime.training.TrainingManagement(server.target, credentials, FRESH),
        async (client: grpc.Client) => {
          const status = ok(
            await call(client, "GetTrainingStatus", { training_id: job.training_id }),
          );
          return `${status.state} ${status.reasons}`.trim();
        },
      );
      return states.every((state) => /^(COMPLETED|ERRORED|CANCELED)/.test(state));
    }, () => JSON.stringify(states));
    assert.deepEqual(states, all("COMPLETED"));
    // The lead completed the folder as a Caikit model folder (its config.yml).
    const folder = join(trainingDir, job.training_id as string, "hello_trained");
    assert.match(await Deno.readTextFile(join(folder, "config.yml")), /module_id: /);
    const greetings = await onFreshConnections(
      () => new root.caikit.runtime.Template.TemplateService(server.target, credentials, FRESH),
      async (client: grpc.Client) =>
        ok(
          await call(client, "HelloWorldTaskPredict", { text_input: { name: "World" } }, {
            "mm-model-id": "hello_trained",
          }),
        ),
    );
    for (const greeting of greetings) assert.deepEqual(greeting, { greeting: "Hello World" });
    assert.deepEqual(
      workersIn(await server.logText(), / request .*model=hello_trained /),
      ["1", "2"],
    );
  } finally {
    clients.close();
    await Deno.remove(dir, { recursive: true });
  }
});
