/**
 * The Open Inference Protocol REST door's binary tensor data extension
 * (KServe v2 / Triton) through fetch against real servers: a JSON inference
 * header of `Inference-Header-Content-Length` bytes followed by the inputs'
 * raw bytes, outputs asked for as binary data answered the same way.
 *
 * - FP32 features to the embedded iris model, binary in and binary out
 *   (every output, or one chosen), answer the same as the JSON path;
 * - a real JPEG and PNG reach model code as the BYTES tensor `image` and are
 *   decoded there (over JSON the same image is mangled into UTF-8 text);
 * - byte counts that do not fit the shape or the body, a missing or bad
 *   header length, and other malformed requests answer 400 saying what is
 *   wrong; the server metadata lists `binary_tensor_data`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createLogger } from "../runtime/base/log.ts";
import { serveModel } from "../runtime/server/serve_model.ts";
import { writeCodeBundle } from "./support/code_bundles.ts";
import { fromRaw, rawBytes } from "./support/oip_wire.ts";

const IMAGES = new URL("./fixtures/images/", import.meta.url);
const ROWS = [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3];
const utf8 = new TextEncoder();

/** A binary-extension request: the JSON header, then `chunks`. */
function binaryRequest(header: unknown, ...chunks: Uint8Array[]): RequestInit {
  const json = utf8.encode(JSON.stringify(header));
  const body = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, json.byteLength));
  body.set(json);
  let offset = json.byteLength;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return {
    method: "POST",
    headers: {
      "content-type": "application/octet-stream",
      "inference-header-content-length": String(json.byteLength),
    },
    body,
  };
}

interface Answer {
  outputs: Output[];
  [key: string]: unknown;
}

interface Output {
  name: string;
  datatype: string;
  shape: number[];
  data?: unknown[];
  parameters?: { binary_data_size?: number };
}

/**
 * Reads an answer: its JSON (or JSON inference header) as sent, and the same
 * with each binary output's elements decoded into `data` (as the JSON path
 * answers it).
 */
async function readAnswer(response: Response): Promise<{ sent: Answer; decoded: Answer }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const length = response.headers.get("inference-header-content-length");
  const text = new TextDecoder().decode(length === null ? bytes : bytes.subarray(0, +length));
  const sent: Answer = JSON.parse(text);
  const decoded: Answer = JSON.parse(text);
  if (length === null) {
    assert.equal(response.headers.get("content-type"), "application/json");
    return { sent, decoded };
  }
  assert.equal(response.headers.get("content-type"), "application/octet-stream");
  let offset = Number(length);
  for (const output of decoded.outputs) {
    const size = output.parameters?.binary_data_size;
    if (size === undefined) continue;
    assert.equal(output.data, undefined, `${output.name}: a binary output has no data`);
    output.data = fromRaw(output.datatype, bytes.subarray(offset, offset + size));
    offset += size;
    delete output.parameters;
  }
  assert.equal(offset, bytes.byteLength, "every byte after the header belongs to an output");
  return { sent, decoded };
}

/** One BYTES element holding exactly `bytes` (rawBytes takes text; images are not text). */
function bytesElement(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.byteLength);
  new DataView(out.buffer).setUint32(0, bytes.byteLength, true);
  out.set(bytes, 4);
  return out;
}

Deno.test("OIP REST binary: iris FP32 in and out as binary data equal the JSON answers", async () => {
  const server = await serveModel({ port: 0, hostname: "127.0.0.1", log: createLogger("silent") });
  const base = `http://127.0.0.1:${server.http!.port}`;
  const url = `${base}/v2/models/iris-classifier/infer`;
  try {
    const metadata = await (await fetch(`${base}/v2`)).json();
    assert.deepEqual(metadata.extensions, ["binary_tensor_data"]);

    const jsonResponse = await fetch(url, {
      method: "POST",
      body: JSON.stringify({
        id: "j",
        inputs: [{ name: "features", datatype: "FP32", shape: [2, 4], data: ROWS }],
      }),
    });
    assert.equal(jsonResponse.status, 200);
    assert.equal(jsonResponse.headers.get("inference-header-content-length"), null);
    const viaJson = await jsonResponse.json();
    assert.deepEqual(viaJson.outputs.map((output: Output) => output.name), [
      "probabilities",
      "label",
    ]);

    const features = rawBytes("FP32", ROWS);
    const header = {
      id: "j",
      parameters: { binary_data_output: true },
      inputs: [{
        name: "features",
        datatype: "FP32",
        shape: [2, 4],
        parameters: { binary_data_size: features.byteLength },
      }],
    };
    const allBinary = await readAnswer(await fetch(url, binaryRequest(header, features)));
    for (const output of allBinary.sent.outputs) {
      assert.equal(output.data, undefined, output.name);
      assert.ok(typeof output.parameters?.binary_data_size === "number", output.name);
    }
    // FP32 travels bit for bit, so the answers are equal, not merely close.
    assert.deepEqual(allBinary.decoded, viaJson);

    // One output asked for as binary data: the others stay JSON.
    const [first, ...others] = viaJson.outputs as Output[];
    const chosen = await readAnswer(
      await fetch(
        url,
        binaryRequest(
          {
            ...header,
            parameters: {},
            outputs: viaJson.outputs.map((output: Output) => ({
              name: output.name,
              parameters: { binary_data: output.name === first.name },
            })),
          },
          features,
        ),
      ),
    );
    assert.deepEqual(chosen.decoded, viaJson);
    assert.ok(chosen.sent.outputs[0].parameters!.binary_data_size! > 0);
    assert.deepEqual(chosen.sent.outputs.slice(1), others, "JSON outputs stay JSON");
    // Binary in, no output asked for as binary: a plain JSON answer.
    const jsonOut = await readAnswer(
      await fetch(url, binaryRequest({ ...header, parameters: undefined }, features)),
    );
    assert.deepEqual(jsonOut.sent, viaJson);

    // Same limits as the JSON path: sizes that do not fit answer 400 with the reason.
    const cases: [RequestInit, RegExp][] = [
      [
        binaryRequest(
          { inputs: [{ ...header.inputs[0], parameters: { binary_data_size: 28 } }] },
          features.subarray(0, 28),
        ),
        /input 'features': binary data hold 28 bytes, but a FP32 tensor of shape \[2, 4\] takes 32/,
      ],
      [
        binaryRequest(header, features.subarray(0, 20)),
        /input 'features': binary_data_size is 32, but only 20 bytes of binary data remain/,
      ],
      [
        binaryRequest(header, features, new Uint8Array(3)),
        /the body holds 3 bytes after the inference header that no input claims/,
      ],
      [
        binaryRequest(
          { inputs: [{ ...header.inputs[0], parameters: { binary_data_size: -4 } }] },
          features,
        ),
        /input 'features': parameters.binary_data_size must be a byte count/,
      ],
      [
        binaryRequest(
          { inputs: [{ ...header.inputs[0], data: ROWS }] },
          features,
        ),
        /input 'features': give either data or parameters.binary_data_size, not both/,
      ],
      [
        binaryRequest({ inputs: [{ ...header.inputs[0], shape: [3, 4] }] }, features),
        /input 'features': binary data hold 32 bytes, but a FP32 tensor of shape \[3, 4\] takes 48/,
      ],
      [
        {
          ...binaryRequest(header, features),
          headers: { "content-type": "application/octet-stream" },
        },
        /needs the Inference-Header-Content-Length header/,
      ],
      [
        {
          ...binaryRequest(header, features),
          headers: { "inference-header-content-length": "12x" },
        },
        /Inference-Header-Content-Length must be the byte length of the JSON inference header/,
      ],
      [
        {
          ...binaryRequest(header, features),
          headers: { "inference-header-content-length": "99999" },
        },
        /Inference-Header-Content-Length is 99999, but the body holds only \d+ bytes/,
      ],
      [
        {
          ...binaryRequest(header, features),
          headers: { "inference-header-content-length": "20" },
        },
        /the inference header \(the first 20 bytes of the body\) is not valid JSON/,
      ],
      [
        { method: "POST", body: JSON.stringify(header) },
        /binary_data_size is 32, but only 0 bytes .* Inference-Header-Content-Length/,
      ],
      [
        binaryRequest(
          { ...header, outputs: [{ name: first.name, parameters: { binary_data: "yes" } }] },
          features,
        ),
        /parameters.binary_data must be true or false/,
      ],
    ];
    for (const [init, pattern] of cases) {
      const response = await fetch(url, init);
      const body = await response.json();
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(body.error, pattern);
    }
    const response = await fetch(url, binaryRequest(header, features));
    assert.equal(response.status, 200, "a valid binary request is answered after the bad ones");
    await response.body?.cancel();
  } finally {
    await server.stop();
  }
});

const IMAGE_MODEL = `
import { badRequest, decodeImage, type InputFiles, type ModelWrapper, successOutput } from "@model-runtime/runtime";

export default class ImageSize implements ModelWrapper {
  async initialize() {}
  async handleInput(input: InputFiles) {
    const bytes = input.get("image");
    if (!bytes) throw badRequest("no image");
    const { width, height } = await decodeImage(bytes, "image");
    const sum = bytes.reduce((total, byte) => total + byte, 0);
    return new Map([["results.json", successOutput({ result: { bytes: bytes.length, sum, width, height } })]]);
  }
}
`;

Deno.test("OIP REST binary: a real JPEG and PNG reach model code as BYTES", async () => {
  const dir = await Deno.makeTempDir({ prefix: "oip_rest_binary_" });
  await writeCodeBundle(join(dir, "image-size"), {
    inputs: { image: "image/jpeg" },
    files: { "model.ts": IMAGE_MODEL },
  });
  const server = await serveModel({
    port: 0,
    hostname: "127.0.0.1",
    models: dir,
    log: createLogger("silent"),
  });
  const url = `http://127.0.0.1:${server.http!.port}/v2/models/image-size/infer`;
  const infer = async (image: Uint8Array, binaryOutput: boolean) => {
    const element = bytesElement(image);
    const response = await fetch(
      url,
      binaryRequest(
        {
          inputs: [{
            name: "image",
            datatype: "BYTES",
            shape: [1],
            parameters: { binary_data_size: element.byteLength },
          }],
          outputs: [{ name: "results.json", parameters: { binary_data: binaryOutput } }],
        },
        element,
      ),
    );
    return { status: response.status, answer: (await readAnswer(response)).decoded };
  };
  try {
    for (const file of ["quadrants_o1.jpg", "rgb.png"]) {
      const image = await Deno.readFile(new URL(file, IMAGES));
      for (const binaryOutput of [true, false]) {
        const { status, answer } = await infer(image, binaryOutput);
        assert.equal(status, 200, JSON.stringify(answer));
        const [output] = answer.outputs;
        assert.equal(output.name, "results.json");
        assert.equal(output.datatype, "BYTES");
        const result = JSON.parse(String(output.data![0])).data.result;
        assert.equal(result.bytes, image.byteLength, file);
        assert.equal(result.sum, image.reduce((total, byte) => total + byte, 0), file);
        assert.ok(result.width > 0 && result.height > 0, `${file} decoded by the model code`);
      }
    }
    // A BYTES element that claims more bytes than its input's binary data holds.
    const image = await Deno.readFile(new URL("rgb.png", IMAGES));
    const element = bytesElement(image);
    new DataView(element.buffer).setUint32(0, image.byteLength + 10, true);
    const response = await fetch(
      url,
      binaryRequest(
        {
          inputs: [{
            name: "image",
            datatype: "BYTES",
            shape: [1],
            parameters: { binary_data_size: element.byteLength },
          }],
        },
        element,
      ),
    );
    assert.equal(response.status, 400);
    assert.match(
      (await response.json()).error,
      /input 'image': BYTES element 0 of the binary data claims \d+ bytes, but only \d+ remain/,
    );
    // Over JSON, BYTES are UTF-8 text: the image arrives mangled and is refused by the model.
    const mangled = await fetch(url, {
      method: "POST",
      body: JSON.stringify({
        inputs: [{
          name: "image",
          datatype: "BYTES",
          shape: [1],
          data: [new TextDecoder().decode(image)],
        }],
      }),
    });
    assert.equal(mangled.status, 400);
    assert.match((await mangled.json()).error, /image is not a JPEG or PNG image/);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
