/**
 * The newest Caikit wire (v0.29.1, protocol setting `version: newest`) with
 * a Caikit client's own stubs (grpc-js from tests/fixtures/caikit/newest/)
 * and real HTTP requests: train parameters nested under `parameters = 3`
 * with `FileReference` / `list_of_files` sources, JobStatus states, bare
 * uuid training ids; the info service and model management over gRPC and
 * over `/info` and `/management`; the HTTP train route answering at once;
 * the admin split (`--no-admin`) on both; and a 0.18.1 server not serving
 * any of the newest's own routes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Buffer } from "node:buffer";
import * as grpc from "@grpc/grpc-js";
import {
  type Answer,
  CAIKIT_DEMO,
  type CaikitNewestClients,
  caikitNewestClients,
  call,
  ok,
} from "./support/caikit_client.ts";
import {
  assertCaikitError,
  type HttpFixture,
  send,
  withHttpServer,
} from "./support/caikit_http.ts";

const NEWEST = { protocolSettings: { caikit: { version: "newest" } } };
const SAMPLE_CSV = join(CAIKIT_DEMO, "train_data", "sample_data.csv");
const HELLO_CONFIG = join(CAIKIT_DEMO, "models", "hello_world", "config.yml");
const HELLO = { text_input: { name: "World" } };
const model = (id: string) => ({ "mm-model-id": id });

async function withNewest(
  options: Record<string, unknown>,
  test: (fixture: HttpFixture, clients: CaikitNewestClients) => Promise<void>,
): Promise<void> {
  await withHttpServer({ ...NEWEST, ...options }, async (fixture) => {
    const clients = caikitNewestClients(fixture.target);
    try {
      await test(fixture, clients);
    } finally {
      clients.close();
    }
  });
}

function failed(answer: Answer, code: grpc.status, details: RegExp): void {
  assert.equal(answer.ok, false, JSON.stringify(answer));
  if (answer.ok) return;
  assert.equal(answer.code, code, answer.details);
  assert.match(answer.details, details);
}

async function untilDone(clients: CaikitNewestClients, trainingId: string) {
  for (let tries = 0; tries < 600; tries++) {
    const status = ok(
      await call(clients.management, "GetTrainingStatus", { training_id: trainingId }),
    );
    if (["COMPLETED", "ERRORED", "CANCELED"].includes(status.state as string)) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`training ${trainingId} did not end`);
}

Deno.test("caikit newest gRPC: nested train parameters with every file source, JobStatus, predict", async () => {
  await withNewest({}, async ({ trainingDir }, clients) => {
    assert.deepEqual(
      ok(await call(clients.template, "HelloWorldTaskPredict", HELLO, model("hello_world"))),
      { greeting: "Hello World" },
    );
    const sources = {
      inline: { jsondata: { data: [{ text: "sample text", label: "label1" }] } },
      file: { file: { filename: SAMPLE_CSV } },
      files: { list_of_files: { files: [SAMPLE_CSV, SAMPLE_CSV] } },
    };
    for (const [name, training_data] of Object.entries(sources)) {
      const job = ok(
        await call(clients.training, "HelloWorldTaskHelloWorldModuleTrain", {
          model_name: `newest_${name}`,
          parameters: { training_data },
        }),
      );
      assert.equal(job.model_name, `newest_${name}`);
      assert.match(String(job.training_id), /^[0-9a-f]{8}-[0-9a-f-]{27}$/, "a bare uuid");
      const status = await untilDone(clients, String(job.training_id));
      assert.equal(status.state, "COMPLETED", (status.reasons as string[]).join("; "));
      assert.ok(status.completion_timestamp);
      const folder = join(trainingDir, String(job.training_id), `newest_${name}`, "config.yml");
      assert.ok((await Deno.stat(folder)).isFile);
      assert.deepEqual(
        ok(await call(clients.template, "HelloWorldTaskPredict", HELLO, model(`newest_${name}`))),
        { greeting: "Hello World" },
      );
    }
    failed(
      await call(clients.training, "HelloWorldTaskHelloWorldModuleTrain", {
        model_name: "x",
        parameters: { training_data: { file: { filename: "/no/such.csv" } } },
      }),
      grpc.status.INVALID_ARGUMENT,
      /not found/,
    );
    failed(
      await call(clients.management, "GetTrainingStatus", { training_id: "nope" }),
      grpc.status.NOT_FOUND,
      /^Unknown training_id: nope$/,
    );
  });
});

Deno.test("caikit newest gRPC: runtime and models info, DeployModel serves a folder, UndeployModel removes it", async () => {
  await withNewest({}, async ({ models }, clients) => {
    const info = ok(await call(clients.info, "GetRuntimeInfo", {}));
    assert.match(String(info.runtime_version), /^model-runtime /);
    assert.equal((info.python_packages as Record<string, string>).caikit, "0.29.1");
    const listed = ok(await call(clients.info, "GetModelsInfo", { model_ids: ["hello_world"] }));
    const [hello] = listed.models as Record<string, unknown>[];
    assert.equal(hello.name, "hello_world");
    assert.equal(hello.loaded, true);
    assert.equal(hello.module_id, "00110203-0405-0607-0809-0a0b02dd0e0f");
    assert.deepEqual(hello.module_metadata, {
      name: "HelloWorldModule",
      version: "0.0.1",
      library: "caikit_template",
    });
    const all = ok(await call(clients.info, "GetModelsInfo", {}));
    assert.ok((all.models as unknown[]).length >= 3);
    failed(
      await call(clients.info, "GetModelsInfo", { model_ids: ["nope"] }),
      grpc.status.NOT_FOUND,
      /Model 'nope' not loaded/,
    );

    const config = await Deno.readFile(HELLO_CONFIG);
    const deployed = ok(
      await call(clients.models, "DeployModel", {
        model_id: "deployed",
        model_files: [{ filename: "config.yml", data: Buffer.from(config) }],
      }),
    );
    assert.equal(deployed.name, "deployed");
    assert.equal(deployed.loaded, true);
    assert.equal(deployed.size, String(config.length));
    assert.deepEqual(
      ok(await call(clients.template, "HelloWorldTaskPredict", HELLO, model("deployed"))),
      { greeting: "Hello World" },
    );
    failed(
      await call(clients.models, "DeployModel", {
        model_id: "deployed",
        model_files: [{ filename: "config.yml", data: Buffer.from(config) }],
      }),
      grpc.status.INVALID_ARGUMENT,
      /already exists/,
    );
    failed(
      await call(clients.models, "DeployModel", {
        model_id: "escape",
        model_files: [{ filename: "../x.yml", data: Buffer.from(config) }],
      }),
      grpc.status.INVALID_ARGUMENT,
      /relative path inside the model/,
    );
    failed(
      await call(clients.models, "DeployModel", { model_id: "empty", model_files: [] }),
      grpc.status.INVALID_ARGUMENT,
      /at least one model file/,
    );
    assert.deepEqual(ok(await call(clients.models, "UndeployModel", { model_id: "deployed" })), {
      model_id: "deployed",
    });
    failed(
      await call(clients.template, "HelloWorldTaskPredict", HELLO, model("deployed")),
      grpc.status.NOT_FOUND,
      /Model 'deployed' not loaded/,
    );
    await assert.rejects(Deno.stat(join(models, "deployed")), Deno.errors.NotFound);
    failed(
      await call(clients.models, "UndeployModel", { model_id: "deployed" }),
      grpc.status.NOT_FOUND,
      /Model 'deployed' not loaded/,
    );
  });
});

Deno.test("caikit newest HTTP: train answers at once, /management/trainings follows it, /info answers", async () => {
  await withNewest({}, async ({ base }) => {
    const hello = await send(base, "POST", "/api/v1/task/hello-world", {
      model_id: "hello_world",
      inputs: { name: "World" },
    });
    assert.deepEqual(hello.body, { greeting: "Hello World" });
    const old = await send(base, "POST", "/api/v1/hello_world/task/hello-world", {
      inputs: { name: "World" },
    });
    assert.deepEqual(old.body, { greeting: "Hello World" });

    const job = await send(base, "POST", "/api/v1/HelloWorldTaskHelloWorldModuleTrain", {
      model_name: "http_newest",
      parameters: {
        training_data: { data_stream: { data: [{ text: "sample text", label: "label1" }] } },
      },
    });
    assert.equal(job.status, 200, job.text);
    assert.deepEqual(Object.keys(job.body).sort(), ["model_name", "training_id"]);
    const id = String(job.body.training_id);
    let status: Record<string, unknown> = {};
    for (let tries = 0; tries < 600; tries++) {
      const reply = await send(base, "GET", `/management/trainings?training_id=${id}`);
      assert.equal(reply.status, 200, reply.text);
      status = reply.body;
      if (status.state === "COMPLETED" || status.state === "ERRORED") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status.state, "COMPLETED", JSON.stringify(status));
    assert.equal(status.training_id, id);
    assert.deepEqual(status.reasons, []);
    assert.ok(!Number.isNaN(Date.parse(String(status.submission_timestamp))));
    assert.ok(!Number.isNaN(Date.parse(String(status.completion_timestamp))));
    const cancelled = await send(base, "DELETE", `/management/trainings?training_id=${id}`);
    assert.equal(cancelled.body.state, "COMPLETED", "a finished job answers its final state");
    const trained = await send(base, "POST", "/api/v1/task/hello-world", {
      model_id: "http_newest",
      inputs: { name: "you" },
    });
    assert.deepEqual(trained.body, { greeting: "Hello you" });

    assertCaikitError(
      await send(base, "GET", "/management/trainings?training_id=nope"),
      404,
      "Unknown training_id: nope",
    );
    assertCaikitError(await send(base, "GET", "/management/trainings"), 422, /training_id/);
    assertCaikitError(
      await send(base, "POST", "/api/v1/HelloWorldTaskHelloWorldModuleTrain", {
        model_name: "x",
        training_data: { data_stream: { data: [] } },
      }),
      422,
      /unknown field\(s\) training_data/,
    );

    const version = await send(base, "GET", "/info/version");
    assert.equal(version.status, 200);
    assert.match(String(version.body.runtime_version), /^model-runtime /);
    assert.equal((version.body.python_packages as Record<string, string>).caikit, "0.29.1");
    const models = await send(base, "GET", "/info/models");
    const names = (models.body.models as { name: string }[]).map((each) => each.name);
    assert.ok(names.includes("hello_world") && names.includes("http_newest"), names.join());
    const one = await send(base, "GET", "/info/models?model_ids=hello_world");
    assert.equal((one.body.models as { size: number }[])[0].size > 0, true);
  });
});

Deno.test("caikit newest HTTP: POST and DELETE /management/models deploy and undeploy", async () => {
  await withNewest({}, async ({ base }) => {
    const data = Buffer.from(await Deno.readFile(HELLO_CONFIG)).toString("base64");
    const deployed = await send(base, "POST", "/management/models", {
      model_id: "over_http",
      model_files: [{ filename: "config.yml", data }],
    });
    assert.equal(deployed.status, 200, deployed.text);
    assert.equal(deployed.body.name, "over_http");
    assert.equal(deployed.body.loaded, true);
    const hello = await send(base, "POST", "/api/v1/over_http/task/hello-world", {
      inputs: { name: "World" },
    });
    assert.deepEqual(hello.body, { greeting: "Hello World" });
    assertCaikitError(
      await send(base, "POST", "/management/models", {
        model_id: "bad",
        model_files: [{ filename: "config.yml", data: 5 }],
      }),
      422,
      /model_files\[0\]\.data: expected base64 text/,
    );
    const gone = await send(base, "DELETE", "/management/models?model_id=over_http");
    assert.deepEqual(gone.body, { model_id: "over_http" });
    assertCaikitError(
      await send(base, "DELETE", "/management/models?model_id=over_http"),
      404,
      "Model 'over_http' not loaded",
    );
    assertCaikitError(await send(base, "PUT", "/management/models"), 405, /PUT/);
  });
});

Deno.test("caikit newest access: --no-admin answers the admin calls 404 / NOT_FOUND, the rest works", async () => {
  await withNewest({ access: { adminEnabled: false } }, async ({ base }, clients) => {
    const off = /switched off on this server \(started with --no-admin\)/;
    failed(
      await call(clients.models, "DeployModel", { model_id: "x", model_files: [] }),
      grpc.status.NOT_FOUND,
      off,
    );
    failed(
      await call(clients.models, "UndeployModel", { model_id: "hello_world" }),
      grpc.status.NOT_FOUND,
      off,
    );
    assert.ok(ok(await call(clients.info, "GetRuntimeInfo", {})).runtime_version);
    assertCaikitError(await send(base, "POST", "/management/models", {}), 404, off);
    assertCaikitError(await send(base, "DELETE", "/management/models?model_id=x"), 404, off);
    assertCaikitError(await send(base, "DELETE", "/management/trainings?training_id=x"), 404, off);
    assertCaikitError(
      await send(base, "POST", "/api/v1/HelloWorldTaskHelloWorldModuleTrain", {}),
      404,
      off,
    );
    assertCaikitError(
      await send(base, "GET", "/management/trainings?training_id=x"),
      404,
      "Unknown training_id: x",
    );
    assert.equal((await send(base, "GET", "/info/version")).status, 200);
    assert.equal((await send(base, "GET", "/info/models")).status, 200);
  });
});

Deno.test("caikit 0.18.1 serves none of the newest's own routes or services", async () => {
  await withHttpServer({}, async ({ base, target }) => {
    assertCaikitError(await send(base, "GET", "/info/version"), 404, /no such endpoint/);
    assertCaikitError(
      await send(base, "GET", "/management/trainings?training_id=x"),
      404,
      /no such endpoint/,
    );
    const clients = caikitNewestClients(target);
    try {
      failed(await call(clients.info, "GetRuntimeInfo", {}), grpc.status.UNIMPLEMENTED, /.*/);
    } finally {
      clients.close();
    }
  });
});
