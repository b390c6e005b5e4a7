/**
 * Bad input on the gRPC wire, sent raw over node:http2 to a real server
 * serving the embedded iris model: each case gets its clear error, and after
 * each the same connection (or a new one) still gets a valid answer.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { serveModel } from "../runtime/server/serve_model.ts";
import { createLogger } from "../runtime/base/log.ts";
import type { ModelServer } from "../runtime/server/model_server.ts";
import {
  encodeRunRequest,
  grpcFrame,
  type RawAnswer,
  RawGrpcConnection,
} from "./support/raw_grpc.ts";

const encoder = new TextEncoder();
const RUN = "/ModzyModel/Run";
const VALID_ROW = '{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}';

function runFrame(...texts: (string | Uint8Array)[]): Uint8Array {
  return grpcFrame(
    encodeRunRequest(
      texts.map((t) => ({ "input.json": typeof t === "string" ? encoder.encode(t) : t })),
    ),
  );
}

async function withIris(body: (raw: RawGrpcConnection, server: ModelServer) => Promise<void>) {
  const server = await serveModel({
    port: 0,
    hostname: "127.0.0.1",
    log: createLogger("silent"),
    httpPort: null,
  });
  const raw = new RawGrpcConnection(`http://127.0.0.1:${server.port}`);
  try {
    await body(raw, server);
  } finally {
    raw.close();
    await server.stop();
  }
}

/** Asserts the server still answers a valid Run with a setosa prediction. */
async function assertServes(raw: RawGrpcConnection, port: number): Promise<void> {
  let connection = raw;
  if (raw.closed) connection = new RawGrpcConnection(`http://127.0.0.1:${port}`);
  const answer = await connection.call(RUN, runFrame(VALID_ROW));
  if (connection !== raw) connection.close();
  assert.equal(answer.grpcStatus, grpc.status.OK, JSON.stringify(answer));
  assert.match(new TextDecoder().decode(answer.body), /setosa/);
}

function expectStatus(answer: RawAnswer, code: grpc.status, message: RegExp): void {
  assert.equal(answer.grpcStatus, code, JSON.stringify({ ...answer, body: undefined }));
  assert.match(answer.grpcMessage, message);
}

Deno.test("raw frames: truncated, huge, compressed without encoding, garbage protobuf", async () => {
  await withIris(async (raw, server) => {
    const valid = runFrame(VALID_ROW);
    // A frame that promises more bytes than the stream carries.
    // (grpc-js answers UNIMPLEMENTED for a unary call whose message never completes.)
    expectStatus(
      await raw.call(RUN, valid.subarray(0, valid.length - 7)),
      grpc.status.UNIMPLEMENTED,
      /Received no request message/,
    );
    await assertServes(raw, server.port);
    // Fewer than the 5 header bytes.
    expectStatus(
      await raw.call(RUN, new Uint8Array([0, 0, 0])),
      grpc.status.UNIMPLEMENTED,
      /Received no request message/,
    );
    await assertServes(raw, server.port);
    // A declared length of 4 GiB - 1, far beyond the 250 MiB limit.
    expectStatus(
      await raw.call(RUN, grpcFrame(new Uint8Array(16), false, 0xffffffff)),
      grpc.status.RESOURCE_EXHAUSTED,
      /larger than max/,
    );
    await assertServes(raw, server.port);
    // The compressed flag set, but no grpc-encoding header: grpc-js reads the
    // message as uncompressed (lenient; the spec would have INTERNAL), so an
    // empty RunRequest gets its own clear error.
    expectStatus(
      await raw.call(RUN, grpcFrame(encodeRunRequest([]), true)),
      grpc.status.INVALID_ARGUMENT,
      /no input items/,
    );
    await assertServes(raw, server.port);
    // The compressed flag with an encoding the server does not know.
    expectStatus(
      await raw.call(RUN, grpcFrame(new Uint8Array(4), true), { "grpc-encoding": "snappy-zz" }),
      grpc.status.UNIMPLEMENTED,
      /unsupported encoding "snappy-zz"/,
    );
    // gzip that is not gzip.
    expectStatus(
      await raw.call(RUN, grpcFrame(new Uint8Array(4), true), { "grpc-encoding": "gzip" }),
      grpc.status.INTERNAL,
      /Failed to decompress/,
    );
    // A grpc-timeout header that is not a timeout.
    expectStatus(
      await raw.call(RUN, valid, { "grpc-timeout": "soon" }),
      grpc.status.INTERNAL,
      /Invalid grpc-timeout value "soon"/,
    );
    await assertServes(raw, server.port);
    // Bytes that are not a RunRequest.
    expectStatus(
      await raw.call(RUN, grpcFrame(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1]))),
      grpc.status.INTERNAL,
      /Error deserializing request/,
    );
    await assertServes(raw, server.port);
    // Two messages on a unary call.
    expectStatus(
      await raw.call(RUN, new Uint8Array([...valid, ...valid])),
      grpc.status.UNIMPLEMENTED,
      /second request message/,
    );
    await assertServes(raw, server.port);
  });
});

Deno.test("raw calls: wrong content-type, unknown service and method, GET", async () => {
  await withIris(async (raw, server) => {
    // grpc-js means to answer 415; under Deno 2.8.3 the client sees a bare 200
    // without grpc-status (no answer, which every gRPC client reports as an error).
    for (const contentType of ["text/plain", "application/json", ""]) {
      const wrongType = await raw.call(RUN, runFrame(VALID_ROW), { "content-type": contentType });
      assert.notEqual(wrongType.grpcStatus, grpc.status.OK);
      assert.equal(wrongType.body.length, 0);
    }
    await assertServes(raw, server.port);
    expectStatus(
      await raw.call("/NoSuchService/Run", runFrame(VALID_ROW)),
      grpc.status.UNIMPLEMENTED,
      /NoSuchService/,
    );
    expectStatus(
      await raw.call("/ModzyModel/Explode", runFrame(VALID_ROW)),
      grpc.status.UNIMPLEMENTED,
      /Explode/,
    );
    expectStatus(await raw.call("/", new Uint8Array()), grpc.status.UNIMPLEMENTED, /.*/);
    const get = await raw.call(RUN, new Uint8Array(), { ":method": "GET" });
    assert.notEqual(get.grpcStatus, grpc.status.OK);
    await assertServes(raw, server.port);
  });
});

Deno.test("Modzy Run: empty request, bad bytes, bad JSON, wrong counts, NaN and Infinity, too big", async () => {
  await withIris(async (raw, server) => {
    expectStatus(
      await raw.call(RUN, grpcFrame(new Uint8Array())),
      grpc.status.INVALID_ARGUMENT,
      /no input items/,
    );
    const cases: [string | Uint8Array, RegExp][] = [
      [new Uint8Array([0xff, 0xfe, 0xc0, 0x80]), /not valid UTF-8/],
      ["{not json", /not valid JSON/],
      ["", /not valid JSON/],
      ["[1, 2, 3]", /expected an array of 4/],
      ["[1, 2, 3, 4, 5]", /expected an array of 4/],
      ['{"sepal_length": 1}', /missing/],
      ["[1, 2, 3, NaN]", /not valid JSON/],
      ["[1, 2, 3, 1e999]", /finite|number|Infinity/i],
      ['{"sepal_length":1e999,"sepal_width":1,"petal_length":1,"petal_width":1}', /finite|number/i],
      ['["1", 2, 3, 4]', /number/],
      ["null", /expected a JSON object/],
      [`[${"1,".repeat(40_000)}1]`, /'input\.json' is \d+ bytes, larger than its maxSize 64K/],
    ];
    const answer = await raw.call(RUN, runFrame(...cases.map(([text]) => text), VALID_ROW));
    assert.equal(answer.grpcStatus, grpc.status.OK, answer.grpcMessage);
    const text = new TextDecoder().decode(answer.body);
    for (const [input, pattern] of cases) {
      assert.match(text, pattern, `no clear error for ${String(input).slice(0, 40)}`);
    }
    assert.match(text, /setosa/); // the valid neighbour is answered
    await assertServes(raw, server.port);
    // An unknown and a missing input file.
    const files = await raw.call(
      RUN,
      grpcFrame(encodeRunRequest([{ "other.json": encoder.encode("1") }, {}])),
    );
    assert.equal(files.grpcStatus, grpc.status.OK);
    assert.match(new TextDecoder().decode(files.body), /unknown input file 'other\.json'/);
    assert.match(new TextDecoder().decode(files.body), /missing input file 'input\.json'/);
    await assertServes(raw, server.port);
  });
});

Deno.test("a session torn down mid-call does not disturb the server", async () => {
  await withIris(async (raw, server) => {
    for (let i = 0; i < 20; i++) {
      const doomed = new RawGrpcConnection(`http://127.0.0.1:${server.port}`);
      const pending = doomed.call(RUN, runFrame(VALID_ROW).subarray(0, 9), {}, 2_000);
      doomed.destroy();
      await pending;
    }
    await assertServes(raw, server.port);
  });
});
