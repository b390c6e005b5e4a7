/**
 * Training through the Caikit door with a Caikit client's own stubs: Train
 * answers at once with a TrainingJob for every DataStreamSource form (the
 * demo's CSV file, inline records, a list of files, a directory, none);
 * GetTrainingStatus follows the job to COMPLETED with timestamps; the job
 * gets `<training dir>/<training_id>/<model_name>/` holding a Caikit model
 * folder the repository loads as is, and the trained model answers
 * Predict. A name already served: saved but not served, unless the
 * protocol setting replaceServed says so. S3, missing files and bad data
 * are refused with a reason; failed and cancelled jobs leave no folder;
 * the job is visible through the runtime's own training service. The
 * tabular classifier, given no model, chooses its family as local
 * training's `--model auto` does.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { parse } from "yaml";
import { createLogger } from "../runtime/base/log.ts";
import { TrainingClient } from "../runtime/client/training_client.ts";
import type { ModelServer } from "../runtime/server/model_server.ts";
import { serveModel, type ServeModelOptions } from "../runtime/server/serve_model.ts";
import { ModelRegistry } from "../runtime/core/registry.ts";
import { ModelRepository } from "../runtime/repository/model_repository.ts";
import { trainToBundle } from "../runtime/train/train.ts";
import {
  type Answer,
  CAIKIT_DEMO,
  type CaikitClients,
  caikitClients,
  call,
  ok,
  untilTrained,
} from "./support/caikit_client.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import { currentCaikitSurface } from "../runtime/protocols/caikit/descriptor.ts";

const log = createLogger("silent");
const TRAIN = "HelloWorldTaskHelloWorldModuleTrain";
const SAMPLE_CSV = join(CAIKIT_DEMO, "train_data", "sample_data.csv");
const IRIS_CSV = join(PROJECT_ROOT, "data", "iris.csv");
const TABULAR_TRAIN = "TabularClassificationTaskTabularClassifierTrain";

/** A client of the tabular classifier's training service (its stubs from the runtime's own definitions). */
function tabularTrainingClient(target: string): grpc.Client {
  const name = "caikit.runtime.ModelRuntime.ModelRuntimeTrainingService";
  const Client = grpc.makeGenericClientConstructor(
    currentCaikitSurface().built().service(name),
    name,
  );
  return new Client(target, grpc.credentials.createInsecure());
}

interface Fixture {
  readonly server: ModelServer;
  readonly clients: CaikitClients;
  readonly target: string;
  readonly trainingDir: string;
  readonly dataDir: string;
}

async function withTraining(
  options: Partial<ServeModelOptions>,
  test: (fixture: Fixture) => Promise<void>,
): Promise<void> {
  const trainingDir = await Deno.makeTempDir({ prefix: "caikit_train_out_" });
  const dataDir = await Deno.makeTempDir({ prefix: "caikit_train_data_" });
  const server = await serveModel({
    port: 0,
    httpPort: null,
    log,
    models: join(CAIKIT_DEMO, "models"),
    trainingDir,
    ...options,
  });
  const target = `127.0.0.1:${server.port}`;
  const clients = caikitClients(target);
  try {
    await test({ server, clients, target, trainingDir, dataDir });
  } finally {
    clients.close();
    await server.stop();
    await Deno.remove(trainingDir, { recursive: true });
    await Deno.remove(dataDir, { recursive: true });
  }
}

function predict(clients: CaikitClients, modelId: string, name = "World"): Promise<Answer> {
  return call(clients.template, "HelloWorldTaskPredict", { text_input: { name } }, {
    "mm-model-id": modelId,
  });
}

async function trained(
  clients: CaikitClients,
  request: Record<string, unknown>,
): Promise<{ job: Record<string, unknown>; status: Record<string, unknown> }> {
  const job = ok(await call(clients.training, TRAIN, request));
  return { job, status: await untilTrained(clients, job.training_id as string) };
}

function assertRefused(answer: Answer, code: grpc.status, details: RegExp): void {
  assert.equal(answer.ok, false, JSON.stringify(answer));
  if (!answer.ok) {
    assert.equal(answer.code, code, answer.details);
    assert.match(answer.details, details);
  }
}

Deno.test("caikit train: the demo's CSV file, as train_model.py sends it, trains a Caikit model folder that serves", async () => {
  await withTraining({}, async ({ clients, trainingDir }) => {
    const { job, status } = await trained(clients, {
      model_name: "hello_trained",
      training_data: { file: { filename: SAMPLE_CSV } },
    });
    assert.equal(job.model_name, "hello_trained");
    assert.match(job.training_id as string, /^[0-9a-f-]{36}$/);
    assert.equal(status.state, "COMPLETED");
    assert.deepEqual(status.reasons, []);
    const submitted = Number((status.submission_timestamp as { seconds: string }).seconds);
    const completed = Number((status.completion_timestamp as { seconds: string }).seconds);
    assert.ok(submitted > 1_700_000_000 && completed >= submitted);
    assert.deepEqual(ok(await predict(clients, "hello_trained")), { greeting: "Hello World" });

    const folder = join(trainingDir, job.training_id as string, "hello_trained");
    const config = parse(await Deno.readTextFile(join(folder, "config.yml")));
    assert.deepEqual(config, {
      module_id: "00110203-0405-0607-0809-0a0b02dd0e0f",
      name: "HelloWorldModule",
      version: "0.0.1",
      artifact: "greeting.txt",
    });
    // The folder loads as it is, as a repository model.
    const registry = new ModelRegistry();
    const repository = new ModelRepository({
      dir: join(trainingDir, job.training_id as string),
      registry,
      log,
    });
    await repository.start();
    try {
      assert.equal(registry.get("hello_trained").host.ready, true);
    } finally {
      await repository.stop();
      await Promise.all(registry.list().map((entry) => registry.remove(entry.name)));
    }
    // Nothing but the job's folder is left in the training folder.
    const entries = [];
    for await (const entry of Deno.readDir(trainingDir)) entries.push(entry.name);
    assert.deepEqual(entries, [job.training_id]);
  });
});

Deno.test("caikit train: inline records, listoffiles, directory and an empty stream all complete", async () => {
  await withTraining({}, async ({ clients, dataDir }) => {
    await Deno.writeTextFile(
      join(dataDir, "a.jsonl"),
      '{"text":"x","label":"y"}\n\n{"text":"z"}\n',
    );
    await Deno.writeTextFile(join(dataDir, "b.json"), '[{"text":"x","label":"y"}]');
    await Deno.writeTextFile(join(dataDir, "c.csv"), "text,label\nx,y\n");
    const sources: Record<string, unknown>[] = [
      { jsondata: { data: [{ text: "sample text", label: "label1" }] } },
      { listoffiles: { files: [join(dataDir, "a.jsonl"), join(dataDir, "c.csv")] } },
      { directory: { dirname: dataDir } },
      { directory: { dirname: dataDir, extension: "csv" } },
      {},
    ];
    for (const [index, source] of sources.entries()) {
      const { status } = await trained(clients, {
        model_name: `form${index}`,
        ...(Object.keys(source).length ? { training_data: source } : {}),
      });
      assert.equal(status.state, "COMPLETED", `${JSON.stringify(source)}: ${status.reasons}`);
      assert.deepEqual(ok(await predict(clients, `form${index}`)), { greeting: "Hello World" });
    }
  });
});

Deno.test("caikit train: a served name is saved but not served; replaceServed serves the new model", async () => {
  for (const replaceServed of [false, true]) {
    const protocolSettings = { caikit: { replaceServed } };
    await withTraining({ protocolSettings }, async ({ clients, dataDir }) => {
      const greetings = join(dataDir, "greetings.csv");
      await Deno.writeTextFile(greetings, "text,label,greeting\na,b,Hi\n");
      const first = await trained(clients, {
        model_name: "greeter",
        training_data: { file: { filename: greetings } },
      });
      assert.equal(first.status.state, "COMPLETED");
      assert.deepEqual(ok(await predict(clients, "greeter")), { greeting: "Hi World" });
      await Deno.writeTextFile(greetings, "text,label,greeting\na,b,Hey\n");
      const second = await trained(clients, {
        model_name: "greeter",
        training_data: { file: { filename: greetings } },
      });
      assert.equal(second.status.state, "COMPLETED");
      assert.notEqual(second.job.training_id, first.job.training_id);
      if (replaceServed) {
        assert.deepEqual(second.status.reasons, []);
        assert.deepEqual(ok(await predict(clients, "greeter")), { greeting: "Hey World" });
      } else {
        const [reason] = second.status.reasons as string[];
        assert.match(reason, /saved to .* but not served: .*'greeter' is already served/);
        assert.match(reason, /replaceServed/);
        assert.deepEqual(ok(await predict(clients, "greeter")), { greeting: "Hi World" });
      }
      // The demo's own hello_world is a served name too: training it succeeds, as in Caikit.
      const demo = await trained(clients, {
        model_name: "hello_world",
        training_data: { file: { filename: SAMPLE_CSV } },
      });
      assert.equal(demo.status.state, "COMPLETED");
    });
  }
});

Deno.test("caikit train: S3, missing or unsupported files are refused; bad data ERRORS and leaves no folder", async () => {
  await withTraining({}, async ({ clients, trainingDir, dataDir }) => {
    const train = (request: Record<string, unknown>) => call(clients.training, TRAIN, request);
    assertRefused(
      await train({ model_name: "m", output_path: { path: "bucket/x" } }),
      grpc.status.INVALID_ARGUMENT,
      /S3 output path not supported by this runtime/,
    );
    assertRefused(
      await train({ model_name: "m", training_data: { s3files: { files: ["a.csv"] } } }),
      grpc.status.INVALID_ARGUMENT,
      /s3files\) is not supported/,
    );
    assertRefused(
      await train({
        model_name: "m",
        training_data: { file: { filename: join(dataDir, "no.csv") } },
      }),
      grpc.status.INVALID_ARGUMENT,
      new RegExp(`${join(dataDir, "no.csv")} not found`),
    );
    assertRefused(
      await train({
        model_name: "m",
        training_data: { file: { filename: join(dataDir, "x.txt") } },
      }),
      grpc.status.INVALID_ARGUMENT,
      /unsupported type; use \.csv, \.json or \.jsonl/,
    );
    assertRefused(
      await train({ training_data: { file: { filename: SAMPLE_CSV } } }),
      grpc.status.INVALID_ARGUMENT,
      /model_name is required/,
    );
    await Deno.writeTextFile(join(dataDir, "bad.json"), "[{not json");
    const { status } = await trained(clients, {
      model_name: "bad",
      training_data: { file: { filename: join(dataDir, "bad.json") } },
    });
    assert.equal(status.state, "ERRORED");
    assert.match((status.reasons as string[])[0], /bad\.json: not valid JSON/);
    assert.ok(status.completion_timestamp);
    const entries = [];
    for await (const entry of Deno.readDir(trainingDir)) entries.push(entry.name);
    assert.deepEqual(entries, []);
    assert.deepEqual(ok(await predict(clients, "hello_world")), { greeting: "Hello World" });
  });
});

Deno.test("caikit train: cancel, unknown ids, and the job seen through the runtime's own training service", async () => {
  await withTraining({}, async ({ clients, target, trainingDir }) => {
    const tabular = tabularTrainingClient(target);
    const job = ok(
      await call(tabular, TABULAR_TRAIN, {
        model_name: "to_cancel",
        training_data: { file: { filename: IRIS_CSV } },
      }),
    );
    tabular.close();
    const cancelled = ok(
      await call(clients.management, "CancelTraining", {
        training_id: job.training_id,
      }),
    );
    assert.ok(
      ["CANCELED", "COMPLETED"].includes(cancelled.state as string),
      String(cancelled.state),
    );
    const again = ok(
      await call(clients.management, "CancelTraining", { training_id: job.training_id }),
    );
    assert.equal(again.state, cancelled.state, "cancelling a finished job answers its final state");
    await assert.rejects(Deno.stat(join(trainingDir, job.training_id as string)));
    assert.ok(cancelled.completion_timestamp, "a cancelled job has its completion time");
    for (const method of ["GetTrainingStatus", "CancelTraining"]) {
      assertRefused(
        await call(clients.management, method, { training_id: "nope" }),
        grpc.status.NOT_FOUND,
        /^Unknown training_id: nope$/,
      );
    }
    const { job: done } = await trained(clients, {
      model_name: "seen",
      training_data: { file: { filename: SAMPLE_CSV } },
    });
    const runtime = new TrainingClient(target);
    try {
      const status = await runtime.status(done.training_id as string);
      assert.equal(status.state, "COMPLETED");
      assert.equal(status.model_name, "seen");
    } finally {
      runtime.close();
    }
  });
});

type ModelYaml = { description: { technical: string } };

/** The model.yaml somewhere under `dir` (a Caikit model folder holds the bundle). */
async function modelYamlUnder(dir: string): Promise<ModelYaml> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isFile && entry.name === "model.yaml") {
      return parse(await Deno.readTextFile(path)) as ModelYaml;
    }
    if (entry.isDirectory) {
      const found = await modelYamlUnder(path).catch(() => undefined);
      if (found) return found;
    }
  }
  throw new Error(`no model.yaml under ${dir}`);
}

Deno.test("caikit train: the tabular classifier trains on records (--model auto) and answers through its face", async () => {
  await withTraining({}, async ({ clients, target, trainingDir, dataDir }) => {
    const tabular = tabularTrainingClient(target);
    const surface = currentCaikitSurface();
    const name = "caikit.runtime.ModelRuntime.ModelRuntimeService";
    const Predictor = grpc.makeGenericClientConstructor(surface.built().service(name), name);
    const predictor = new Predictor(target, grpc.credentials.createInsecure());
    try {
      const rows = (await Deno.readTextFile(IRIS_CSV)).trim().split("\n").slice(1)
        .map((line) => line.split(","))
        .map(([a, b, c, d, species]) => ({
          fields: {
            sepal_length: { numberValue: Number(a) },
            sepal_width: { numberValue: Number(b) },
            petal_length: { numberValue: Number(c) },
            petal_width: { numberValue: Number(d) },
            species: { stringValue: species },
          },
        }));
      const job = ok(
        await call(tabular, TABULAR_TRAIN, {
          model_name: "iris_caikit",
          training_data: { jsondata: { data: rows } },
          label_column: "species",
          seed: 7,
        }),
      );
      const status = await untilTrained(clients, job.training_id as string);
      assert.equal(status.state, "COMPLETED", String(status.reasons));
      // No model named: the Caikit path chooses as local training does (--model auto).
      const saved = await modelYamlUnder(join(trainingDir, job.training_id as string));
      const local = await trainToBundle({
        csvPath: IRIS_CSV,
        outDir: join(dataDir, "local"),
        name: "iris_caikit",
        seed: 7,
      });
      const selection = (technical: string) => technical.match(/Model selection .*$/)?.[0];
      assert.ok(selection(saved.description.technical), saved.description.technical);
      assert.equal(
        selection(saved.description.technical),
        selection(
          (parse(await Deno.readTextFile(local.paths.modelYaml)) as ModelYaml).description
            .technical,
        ),
      );
      const features = { fields: { ...rows[0].fields, species: undefined } };
      delete (features.fields as Record<string, unknown>).species;
      const answer = ok(
        await call(predictor, "TabularClassificationTaskPredict", { features }, {
          "mm-model-id": "iris_caikit",
        }),
      ) as { results: { label: string }[] };
      assert.equal(answer.results[0].label, "setosa");
    } finally {
      tabular.close();
      predictor.close();
    }
  });
});

Deno.test("caikit train: a server without a training folder answers Train UNAVAILABLE", async () => {
  const server = await serveModel({ port: 0, httpPort: null, log });
  const clients = caikitClients(`127.0.0.1:${server.port}`);
  try {
    assertRefused(
      await call(clients.training, TRAIN, { model_name: "m" }),
      grpc.status.UNAVAILABLE,
      /does not train: start it with a training folder/,
    );
  } finally {
    clients.close();
    await server.stop();
  }
});
