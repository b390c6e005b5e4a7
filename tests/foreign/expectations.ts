/**
 * Assertions shared by the wire tests: what a Modzy `StatusResponse` and a
 * successful or failed `OutputItem` must look like for a given bundle, on
 * answers decoded by any client (Python stubs or grpc-js), in proto field names.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  type BundleTestCase,
  compactJson,
  type ExpectedStatusMetadata,
} from "./embedded_bundle.ts";

/** A decoded `StatusResponse` as a plain object with proto field names. */
export type StatusLike = Record<string, unknown>;

/** An `OutputItem` as client.py prints it: file contents in base64. */
export interface OutputItemLike {
  /** The item's success flag. */
  readonly success: boolean;
  /** Output file name -> base64 contents. */
  readonly output: Readonly<Record<string, string>>;
}

/** A `RunResponse` as client.py prints it. */
export interface RunLike {
  /** 200 on success. */
  readonly status_code: number;
  /** "OK" on success. */
  readonly status: string;
  /** "Inference executed" on success. */
  readonly message: string;
  /** One per input item. */
  readonly outputs: readonly OutputItemLike[];
}

const decoder = new TextDecoder();

/** Decodes one base64 output file. */
export function fileBytes(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, "base64"));
}

/**
 * Asserts a Status answer: 200, "OK", `message`, and every metadata field
 * equal to the bundle's model.yaml (`num_cpus` compared as a float32).
 */
export function assertStatus(
  actual: StatusLike,
  expected: ExpectedStatusMetadata,
  message: string,
): void {
  assert.equal(actual.status_code, 200);
  assert.equal(actual.status, "OK");
  assert.equal(actual.message, message);
  const resources = actual.resources as { num_cpus: number };
  assert.equal(
    Math.fround(resources.num_cpus),
    Math.fround(expected.resources.num_cpus),
    "num_cpus (float)",
  );
  const metadata = {
    model_info: actual.model_info,
    description: actual.description,
    inputs: actual.inputs,
    outputs: actual.outputs,
    resources: { ...resources, num_cpus: expected.resources.num_cpus },
    timeout: actual.timeout,
    features: actual.features,
  };
  assert.deepEqual(metadata, expected);
}

/** Asserts the head of a successful Run answer and its item count. */
export function assertRunHead(actual: RunLike, items: number): void {
  assert.equal(actual.status_code, 200);
  assert.equal(actual.status, "OK");
  assert.equal(actual.message, "Inference executed");
  assert.equal(actual.outputs.length, items, "one OutputItem per InputItem");
}

/**
 * Asserts a successful item: exactly the test case's output files, each
 * compact JSON equal (after compact re-serialisation) to the expected file.
 */
export function assertSuccessItem(item: OutputItemLike, testCase: BundleTestCase): void {
  assert.equal(item.success, true, `item failed: ${JSON.stringify(item.output)}`);
  assert.deepEqual(Object.keys(item.output).sort(), Object.keys(testCase.outputs).sort());
  for (const [name, expected] of Object.entries(testCase.outputs)) {
    const actual = fileBytes(item.output[name]);
    if (name.endsWith(".json")) {
      const text = decoder.decode(actual);
      assert.equal(text, compactJson(actual), `${name} is serialised compactly`);
      assert.equal(compactJson(actual), compactJson(expected), `${name} of ${testCase.name}`);
    } else {
      assert.deepEqual(actual, expected, `${name} of ${testCase.name}`);
    }
  }
}

/**
 * Asserts a failed item: success false and a single `error` output holding
 * exactly `{"error_message": "<non-empty text>"}`, serialised compactly.
 */
export function assertErrorItem(item: OutputItemLike): string {
  assert.equal(item.success, false);
  assert.deepEqual(Object.keys(item.output), ["error"]);
  const bytes = fileBytes(item.output.error);
  const text = decoder.decode(bytes);
  assert.equal(text, compactJson(bytes), "error document is serialised compactly");
  const document = JSON.parse(text);
  assert.deepEqual(Object.keys(document), ["error_message"]);
  assert.equal(typeof document.error_message, "string");
  assert.ok(document.error_message.length > 0, "error_message is not empty");
  return document.error_message;
}
