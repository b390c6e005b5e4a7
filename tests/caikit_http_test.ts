/**
 * Caikit's HTTP API with real HTTP requests (fetch) against a real server:
 * both predict routes (0.18.1's model id in the path, the newest's in the
 * body), `/health`, the 0.18.1 train route answered once training has
 * ended and the trained model predicting, every error in Caikit's
 * `{"details","code","id"}` shape with its status (400, 404, 405, 422,
 * 401), the admin split over HTTP (`--no-admin`, tokens) and the
 * `caikit-http` door in the metrics.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { RuntimeMetrics } from "../runtime/metrics/runtime_metrics.ts";
import { CAIKIT_DEMO } from "./support/caikit_client.ts";
import { assertCaikitError, send, withHttpServer } from "./support/caikit_http.ts";
const INPUT_PROBLEM = "Exception raised during inference. This may be a problem with your input: ";
const SAMPLE_CSV = join(CAIKIT_DEMO, "train_data", "sample_data.csv");

const HELLO = "/api/v1/task/hello-world";
const helloOf = (model: string) => `/api/v1/${model}/task/hello-world`;

Deno.test("caikit http: both predict routes greet, /health is OK, the door is caikit-http", async () => {
  const metrics = new RuntimeMetrics();
  await withHttpServer({ metrics }, async ({ base }) => {
    const old = await send(base, "POST", helloOf("hello_world"), { inputs: { name: "World" } });
    assert.equal(old.status, 200, old.text);
    assert.deepEqual(old.body, { greeting: "Hello World" });
    const newest = await send(base, "POST", HELLO, {
      model_id: "hello_world",
      inputs: { name: "World" },
      parameters: {},
    });
    assert.equal(newest.status, 200, newest.text);
    assert.deepEqual(newest.body, { greeting: "Hello World" });
    const health = await send(base, "GET", "/health");
    assert.equal(health.status, 200);
    assert.equal(health.text, "OK");
    // The tabular classifier through its own task's route: one required parameter, a dict.
    const iris = await send(base, "POST", "/api/v1/iris-classifier/task/tabular-classification", {
      inputs: { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 },
    });
    assert.equal(iris.status, 200, iris.text);
    const results = iris.body.results as { label: string; score: number }[];
    assert.equal(results[0].label, "setosa");
    assert.match(
      await metrics.text(),
      /model_runtime_requests_total\{door="caikit-http",model="hello_world"/,
    );
  });
});

Deno.test("caikit http: every error is {details, code, id} with Caikit's status", async () => {
  await withHttpServer({}, async ({ base }) => {
    const hello = { inputs: { name: "World" } };
    assertCaikitError(
      await send(base, "POST", HELLO, hello),
      400,
      "Please provide model_id in payload",
    );
    assertCaikitError(
      await send(base, "POST", HELLO, { ...hello, model_id: "" }),
      400,
      "Please provide model_id in payload",
    );
    assertCaikitError(
      await send(base, "POST", helloOf("nope"), hello),
      404,
      "Model 'nope' not loaded",
    );
    assertCaikitError(
      await send(base, "POST", helloOf("plain"), hello),
      400,
      "Inference for model class onnx-tensor not supported by this runtime",
    );
    assertCaikitError(
      await send(base, "POST", helloOf("iris-classifier"), hello),
      400,
      "Inference for model class TabularClassifier not supported by this runtime",
    );
    assertCaikitError(
      await send(base, "POST", "/api/v1/iris-classifier/task/tabular-classification", {
        inputs: { sepal_length: 5.1 },
      }),
      400,
      new RegExp(`^${INPUT_PROBLEM}.*sepal_width`),
    );
    // Bodies that do not fit: 422.
    assertCaikitError(await send(base, "POST", helloOf("hello_world"), "{not json"), 422, /JSON/);
    assertCaikitError(await send(base, "POST", helloOf("hello_world"), "[1]"), 422, /object/);
    assertCaikitError(await send(base, "POST", helloOf("hello_world"), {}), 422, /inputs/);
    assertCaikitError(
      await send(base, "POST", helloOf("hello_world"), { inputs: { name: 5 } }),
      422,
      /inputs\.name: expected a string/,
    );
    assertCaikitError(
      await send(base, "POST", helloOf("hello_world"), { inputs: { nom: "x" } }),
      422,
      /unknown field\(s\) nom/,
    );
    assertCaikitError(
      await send(base, "POST", helloOf("hello_world"), { ...hello, parameters: { x: 1 } }),
      422,
      /parameters: unknown field\(s\) x/,
    );
    // Unknown paths and methods under Caikit's prefixes.
    assertCaikitError(await send(base, "POST", "/api/v1/task/no-such-task", hello), 404, /no-such/);
    assertCaikitError(await send(base, "GET", "/api/v1"), 404, /no such endpoint/);
    assertCaikitError(await send(base, "GET", "/management/nothing"), 404, /no such endpoint/);
    assertCaikitError(await send(base, "GET", "/info/nothing"), 404, /no such endpoint/);
    assertCaikitError(await send(base, "GET", HELLO), 405, /GET is not allowed/);
    assertCaikitError(await send(base, "PUT", helloOf("hello_world"), hello), 405, /PUT/);
    // Other doors keep their own shape.
    const oip = await send(base, "GET", "/v2/nothing");
    assert.equal(oip.status, 404);
    assert.deepEqual(Object.keys(oip.body), ["error"]);
    // The server serves on.
    const again = await send(base, "POST", helloOf("hello_world"), { inputs: { name: "again" } });
    assert.deepEqual(again.body, { greeting: "Hello again" });
  });
});

Deno.test("caikit http 0.18.1: the train route answers once trained, the model then predicts", async () => {
  await withHttpServer({}, async ({ base, trainingDir }) => {
    const train = "/api/v1/HelloWorldTaskHelloWorldModuleTrain";
    const inline = await send(base, "POST", train, {
      inputs: {
        model_name: "inline_model",
        training_data: { data_stream: { data: [{ text: "sample text", label: "label1" }] } },
      },
    });
    assert.equal(inline.status, 200, inline.text);
    assert.equal(inline.body.model_name, "inline_model");
    assert.match(String(inline.body.training_id), /^[0-9a-f-]{36}$/);
    const folder = join(trainingDir, String(inline.body.training_id), "inline_model");
    assert.ok((await Deno.stat(join(folder, "config.yml"))).isFile);
    const predicted = await send(base, "POST", helloOf("inline_model"), { inputs: { name: "W" } });
    assert.deepEqual(predicted.body, { greeting: "Hello W" });

    const file = await send(base, "POST", train, {
      inputs: {
        model_name: "file_model",
        training_data: { data_stream: { filename: SAMPLE_CSV } },
      },
    });
    assert.equal(file.status, 200, file.text);
    assert.equal(file.body.model_name, "file_model");

    assertCaikitError(
      await send(base, "POST", train, {
        inputs: {
          model_name: "s3",
          output_path: { path: "bucket/x" },
          training_data: { data_stream: { data: [] } },
        },
      }),
      400,
      /S3 output path not supported by this runtime/,
    );
    assertCaikitError(
      await send(base, "POST", train, {
        inputs: { model_name: "x", training_data: { data_stream: { filename: "/nope.csv" } } },
      }),
      400,
      /training data .*nope\.csv not found/,
    );
    assertCaikitError(
      await send(base, "POST", train, {
        inputs: { model_name: "x", training_data: { data_stream: { data: [{ text: 1 }] } } },
      }),
      422,
      /data\[0\]\.text: expected a string/,
    );
    assertCaikitError(
      await send(base, "POST", train, { inputs: { training_data: {} } }),
      400,
      "model_name is required",
    );
  });
});

Deno.test("caikit http access: --no-admin answers the train route 404 in Caikit's shape", async () => {
  await withHttpServer({ access: { adminEnabled: false } }, async ({ base }) => {
    assertCaikitError(
      await send(base, "POST", "/api/v1/HelloWorldTaskHelloWorldModuleTrain", { inputs: {} }),
      404,
      /switched off on this server \(started with --no-admin\)/,
    );
    const hello = await send(base, "POST", helloOf("hello_world"), { inputs: { name: "World" } });
    assert.deepEqual(hello.body, { greeting: "Hello World" });
    assert.equal((await send(base, "GET", "/health")).text, "OK");
  });
});

Deno.test("caikit http access: predict takes the inference token, train the admin one, /health none", async () => {
  await withHttpServer({ access: { token: "infer", adminToken: "admin" } }, async ({ base }) => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const hello = { inputs: { name: "World" } };
    assertCaikitError(await send(base, "POST", helloOf("hello_world"), hello), 401, /--token/);
    const allowed = await send(base, "POST", helloOf("hello_world"), hello, bearer("infer"));
    assert.deepEqual(allowed.body, { greeting: "Hello World" });
    const train = "/api/v1/HelloWorldTaskHelloWorldModuleTrain";
    const refused = await fetch(`${base}${train}`, {
      method: "POST",
      headers: bearer("infer"),
      body: JSON.stringify({ inputs: {} }),
    });
    assert.equal(refused.headers.get("www-authenticate"), 'Bearer realm="model-runtime"');
    assertCaikitError(
      { status: refused.status, text: "", body: await refused.json() },
      401,
      /admin call/,
    );
    assertCaikitError(
      await send(base, "POST", train, { inputs: {} }, bearer("admin")),
      400,
      "model_name is required",
    );
    assert.equal((await send(base, "GET", "/health")).text, "OK");
  });
});
