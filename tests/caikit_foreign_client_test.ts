/**
 * The Caikit door against a foreign client: Debian's python3-grpcio with
 * stubs compiled by Debian's protoc from the 0.18.1 reference protos, talking
 * to the real CLI server (`main.ts --serve --models <the template's demo
 * models> --training-dir …`) in a child process, calling as caikit-template's
 * clients do — infer_model.py, train_model.py twice, Train from the CSV
 * file and from inline records, GetTrainingStatus until COMPLETED, Predict
 * with the trained models — plus every error row, ModelMesh load/unload,
 * and the admin calls on a `--no-admin` server; and with stubs from the
 * newest (v0.29.1) reference protos against `--caikit-version newest`: the
 * nested train request with FileReference and list_of_files, JobStatus,
 * Predict with the trained models and the info service.
 *
 * Skipped locally (with a message) when the Debian packages are missing;
 * under CI=true it runs and fails instead. Packages: python3-grpcio
 * python3-protobuf protobuf-compiler protobuf-compiler-grpc libprotobuf-dev.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CAIKIT_DEMO, CAIKIT_NEWEST_REFERENCE } from "./support/caikit_client.ts";
import { startServerProcess } from "./support/server_process.ts";
import {
  generateCaikitStubs,
  NEWEST_CLIENT_SCRIPT,
  runCaikitClient,
  skipCaikitForeignTests,
} from "./foreign/caikit_stubs.ts";

const CSV = join(CAIKIT_DEMO, "train_data", "sample_data.csv");
const MODEL_FOLDER = join(CAIKIT_DEMO, "models", "hello_world");
const INPUT_PROBLEM = "Exception raised during inference. This may be a problem with your input: ";

interface Session {
  infer: string;
  train_model: { job: string; name: string; status: { state: string; reasons: string[] } }[];
  trained: Record<string, { status: { state: string }; greeting: string }>;
  errors: Record<string, [string, string] | null>;
  after_errors: string;
  mmesh: {
    loaded_bytes: number;
    greeting: string;
    size: number;
    status: string;
    after_unload: [string, string] | null;
  };
}

Deno.test({
  name:
    "foreign Caikit client: the template's infer and train clients, errors and mmesh against main.ts",
  ignore: skipCaikitForeignTests(),
  async fn() {
    await using stubs = await generateCaikitStubs();
    const trainingDir = await Deno.makeTempDir({ prefix: "caikit_foreign_train_" });
    await using server = await startServerProcess({
      extraArgs: ["--models", join(CAIKIT_DEMO, "models"), "--training-dir", trainingDir],
    });
    let session: Session;
    try {
      session = await runCaikitClient(stubs, [
        "session",
        "--target",
        server.target,
        "--csv",
        CSV,
        "--model-folder",
        MODEL_FOLDER,
      ]) as Session;
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver stderr:\n${await server.stop()}`);
    } finally {
      await server.stop();
      await Deno.remove(trainingDir, { recursive: true });
    }
    assert.equal(session.infer, 'RESPONSE: greeting: "Hello World"');
    assert.equal(session.train_model.length, 2);
    for (const run of session.train_model) {
      assert.match(run.job, /^training_id: "[0-9a-f-]{36}"\nmodel_name: "hello_world"$/);
      assert.equal(run.status.state, "COMPLETED", run.status.reasons.join("; "));
    }
    for (const [name, trained] of Object.entries(session.trained)) {
      assert.equal(trained.status.state, "COMPLETED", name);
      assert.equal(trained.greeting, "Hello Trained", name);
    }
    const errors = session.errors;
    assert.deepEqual(errors.missing_model_id, ["INVALID_ARGUMENT", "Missing required model ID"]);
    assert.deepEqual(errors.empty_model_id, ["INVALID_ARGUMENT", "Missing required model ID"]);
    assert.deepEqual(errors.unknown_model, ["NOT_FOUND", "Model 'nope' not loaded"]);
    assert.deepEqual(errors.required_unset, [
      "INVALID_ARGUMENT",
      `${INPUT_PROBLEM}missing required parameter 'text_input'`,
    ]);
    assert.equal(errors.undecodable?.[0], "INTERNAL");
    assert.deepEqual(errors.model_class, [
      "INVALID_ARGUMENT",
      "Inference for model class TabularClassifier not supported by this runtime",
    ]);
    assert.deepEqual(errors.unknown_training_id, ["NOT_FOUND", "Unknown training_id: nope"]);
    assert.equal(errors.s3_output_path?.[0], "INVALID_ARGUMENT");
    assert.match(errors.s3_output_path?.[1] ?? "", /S3 output path not supported by this runtime/);
    assert.equal(session.after_errors, "Hello again");
    const bytes = (await Deno.stat(join(MODEL_FOLDER, "config.yml"))).size;
    assert.deepEqual(session.mmesh, {
      loaded_bytes: bytes,
      greeting: "Hello World",
      size: bytes,
      status: "READY",
      after_unload: ["NOT_FOUND", "Model 'hw2' not loaded"],
    });
  },
});

Deno.test({
  name:
    "foreign Caikit client: a --no-admin server answers the admin calls NOT_FOUND, inference works",
  ignore: skipCaikitForeignTests(),
  async fn() {
    await using stubs = await generateCaikitStubs();
    const trainingDir = await Deno.makeTempDir({ prefix: "caikit_foreign_admin_" });
    await using server = await startServerProcess({
      extraArgs: [
        "--models",
        join(CAIKIT_DEMO, "models"),
        "--training-dir",
        trainingDir,
        "--no-admin",
      ],
    });
    try {
      const answer = await runCaikitClient(stubs, [
        "admin",
        "--target",
        server.target,
        "--csv",
        CSV,
        "--model-folder",
        MODEL_FOLDER,
      ]) as Record<string, [string, string] | string | null>;
      for (const call of ["train", "cancel", "load", "unload"]) {
        const failure = answer[call] as [string, string];
        assert.equal(failure?.[0], "NOT_FOUND", call);
        assert.match(failure[1], /switched off on this server \(started with --no-admin\)/, call);
      }
      assert.equal(answer.predict, "Hello World");
      assert.deepEqual(answer.status, ["NOT_FOUND", "Unknown training_id: x"]);
    } finally {
      await server.stop();
      await Deno.remove(trainingDir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "foreign Caikit client (newest wire): nested train parameters, JobStatus, info against main.ts",
  ignore: skipCaikitForeignTests(),
  async fn() {
    await using stubs = await generateCaikitStubs(CAIKIT_NEWEST_REFERENCE);
    const trainingDir = await Deno.makeTempDir({ prefix: "caikit_foreign_newest_" });
    await using server = await startServerProcess({
      extraArgs: [
        "--models",
        join(CAIKIT_DEMO, "models"),
        "--training-dir",
        trainingDir,
        "--caikit-version",
        "newest",
      ],
    });
    let answer: {
      jobs: Record<
        string,
        { training_id: string; state: string; reasons: string[]; greeting: string }
      >;
      runtime_version: string;
      caikit: string;
    };
    try {
      answer = await runCaikitClient(
        stubs,
        ["--target", server.target, "--csv", CSV],
        NEWEST_CLIENT_SCRIPT,
      ) as typeof answer;
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver stderr:\n${await server.stop()}`);
    } finally {
      await server.stop();
      await Deno.remove(trainingDir, { recursive: true });
    }
    assert.deepEqual(Object.keys(answer.jobs).sort(), ["newest_file", "newest_files"]);
    for (const [name, job] of Object.entries(answer.jobs)) {
      assert.match(
        job.training_id,
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      assert.equal(job.state, "COMPLETED", `${name}: ${job.reasons.join("; ")}`);
      assert.equal(job.greeting, "Hello World", name);
    }
    assert.match(answer.runtime_version, /^model-runtime /);
    assert.equal(answer.caikit, "0.29.1");
  },
});
