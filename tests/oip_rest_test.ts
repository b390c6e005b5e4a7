/**
 * The Open Inference Protocol REST door through fetch: health, server and
 * model metadata, readiness, inference with JSON tensors (BYTES as strings,
 * FP16 refused with a message saying so), and `{"error"}` answers with the
 * HTTP status of each failure.
 */
import assert from "node:assert/strict";
import { startOipServer } from "./support/oip_server.ts";
import { brokenModel, readyModels } from "./support/oip_models.ts";

async function get(base: string, path: string): Promise<[number, Record<string, unknown>]> {
  const response = await fetch(`${base}${path}`);
  return [response.status, await response.json()];
}

async function post(
  base: string,
  path: string,
  body: unknown,
): Promise<[number, Record<string, unknown>]> {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return [response.status, await response.json()];
}

Deno.test("OIP REST: health, metadata, readiness and inference with JSON tensors", async () => {
  const strings = {
    name: "strings",
    onnx: {
      graph: {
        name: "s",
        inputs: [{ name: "x", type: "string" as const, shape: ["n"] }],
        outputs: [{ name: "y", type: "string" as const, shape: ["n"] }],
        initializers: [],
        nodes: [{ opType: "Identity", inputs: ["x"], outputs: ["y"] }],
      },
      opsets: [{ domain: "", version: 17 }],
      producerName: "tests",
      producerVersion: "0",
    },
  };
  const fixture = await startOipServer([...await readyModels(), strings]);
  const url = fixture.baseUrl;
  try {
    assert.deepEqual(await get(url, "/v2/health/live"), [200, { live: true }]);
    assert.deepEqual(await get(url, "/v2/health/ready"), [200, { ready: true }]);
    const [status, server] = await get(url, "/v2");
    assert.equal(status, 200);
    assert.equal(server.name, "model-runtime");
    assert.deepEqual(await get(url, "/v2/models/add"), [200, {
      name: "add",
      versions: ["1"],
      platform: "onnx-tensor",
      inputs: [{ name: "x", datatype: "FP32", shape: [-1, 3] }],
      outputs: [{ name: "y", datatype: "FP32", shape: [-1, 3] }],
    }]);
    assert.equal((await get(url, "/v2/models/add/versions/1"))[0], 200);
    assert.deepEqual(await get(url, "/v2/models/add/ready"), [200, { name: "add", ready: true }]);
    assert.deepEqual(await get(url, "/v2/models/add/versions/1/ready"), [200, {
      name: "add",
      ready: true,
    }]);

    const request = {
      id: "r-7",
      parameters: { note: "any" },
      inputs: [{ name: "x", datatype: "FP32", shape: [2, 3], data: [[1, 2, 3], [4, 5, 6]] }],
    };
    assert.deepEqual(await post(url, "/v2/models/add/infer", request), [200, {
      model_name: "add",
      model_version: "1",
      id: "r-7",
      outputs: [{ name: "y", datatype: "FP32", shape: [2, 3], data: [11, 22, 33, 14, 25, 36] }],
    }]);
    assert.equal((await post(url, "/v2/models/add/versions/1/infer", request))[0], 200);

    const [, echoed] = await post(url, "/v2/models/strings/infer", {
      inputs: [{ name: "x", datatype: "BYTES", shape: [2], data: ["héllo", ""] }],
    });
    assert.deepEqual(echoed.outputs, [{
      name: "y",
      datatype: "BYTES",
      shape: [2],
      data: ["héllo", ""],
    }]);

    const [, iris] = await post(url, "/v2/models/iris/infer", {
      inputs: [{ name: "features", datatype: "FP32", shape: [1, 4], data: [5.1, 3.5, 1.4, 0.2] }],
      outputs: [{ name: "label" }],
    });
    assert.deepEqual(iris.outputs, [{
      name: "label",
      datatype: "BYTES",
      shape: [1],
      data: ["setosa"],
    }]);
  } finally {
    await fixture.close();
  }
});

Deno.test("OIP REST: errors are {error} with 400, 404, 405, 503", async () => {
  const fixture = await startOipServer([...await readyModels(), brokenModel()]);
  const url = fixture.baseUrl;
  const infer = (model: string, inputs: unknown[]) =>
    post(url, `/v2/models/${model}/infer`, { inputs });
  const x = (shape: number[], data: unknown[], datatype = "FP32") => [{
    name: "x",
    datatype,
    shape,
    data,
  }];
  const expectError = (
    [status, body]: [number, Record<string, unknown>],
    want: number,
    re: RegExp,
  ) => {
    assert.equal(status, want, JSON.stringify(body));
    assert.deepEqual(Object.keys(body), ["error"]);
    assert.match(body.error as string, re);
  };
  try {
    assert.deepEqual(await get(url, "/v2/health/ready"), [503, { ready: false }]);
    const [brokenStatus, brokenBody] = await get(url, "/v2/models/broken/ready");
    assert.equal(brokenStatus, 503);
    assert.equal(brokenBody.name, "broken");
    assert.equal(brokenBody.ready, false);
    assert.ok((brokenBody.reason as string).length > 0, "a model that failed to load says why");
    expectError(await get(url, "/v2/models/nope"), 404, /'nope' is not loaded/);
    expectError(await get(url, "/v2/models/nope/ready"), 404, /nope/);
    expectError(await get(url, "/v2/models/add/versions/3"), 404, /no version '3'/);
    expectError(await get(url, "/v2/models/broken"), 503, /not ready/);
    expectError(await get(url, "/v2/nothing/here"), 404, /no such endpoint/);
    expectError(await get(url, "/v2/models/add/infer"), 405, /GET is not allowed/);
    expectError(await infer("nope", x([1, 3], [1, 2, 3])), 404, /nope/);
    expectError(await infer("broken", x([1, 3], [1, 2, 3])), 503, /broken/);
    expectError(
      await infer("add", x([1, 4], [1, 2, 3, 4])),
      400,
      /input 'x': shape \[1, 4\] does not match/,
    );
    expectError(
      await infer("add", x([1, 3], [1, 2, 3], "FP64")),
      400,
      /input 'x': datatype FP64 does not match the model's FP32/,
    );
    expectError(
      await infer("add", x([2, 3], [1, 2, 3])),
      400,
      /input 'x': shape \[2, 3\] holds 6 elements, but 3 were sent/,
    );
    expectError(await infer("add", x([1, 3], [1, "two", 3])), 400, /input 'x': element 1/);
    expectError(
      await post(url, "/v2/models/fp16/infer", {
        inputs: [{ name: "x", datatype: "FP16", shape: [1, 3], data: [1, 2, 3] }],
      }),
      400,
      /input 'x': FP16 is not offered over JSON/,
    );
    expectError(
      await post(url, "/v2/models/add/infer", "{not json"),
      400,
      /not valid JSON/,
    );
    expectError(await post(url, "/v2/models/add/infer", { inputs: 3 }), 400, /'inputs' must be/);
  } finally {
    await fixture.close();
  }
});
