/**
 * Captures the exact bytes the Modzy server sends, for the golden files in
 * `tests/golden/`: the second Status answer ("Model Already Initialized.") and
 * the Run answer for the embedded bundle's first test case input
 * (detect_drift=false, explain=false), plus the hand-encoded request that
 * Run was sent. Used by `tests/golden_wire_test.ts` and `scripts/update_golden.ts`.
 *
 * @module
 */
import { join } from "node:path";
import { serveModel } from "../../runtime/server/serve_model.ts";
import { createLogger } from "../../runtime/base/log.ts";
import type { ModelServer } from "../../runtime/server/model_server.ts";
import { MODZY_METHODS, RawGrpcClient } from "./raw_grpc.ts";
import { encodeRunRequest } from "./wire_encoding.ts";
import type { BundleTestCase } from "./embedded_bundle.ts";

/** Folder of the golden files. */
export const GOLDEN_DIR = join(import.meta.dirname ?? ".", "..", "golden");

/** Paths of the golden files. */
export const GOLDEN_FILES = {
  /** Serialized `StatusResponse` of the second Status call. */
  statusResponse: join(GOLDEN_DIR, "status_response.bin"),
  /** Serialized `RunResponse` of the first test case's single-item Run. */
  runResponse: join(GOLDEN_DIR, "run_response.bin"),
  /** Serialized `RunRequest` of that Run, canonical proto3, encoded by hand. */
  runRequest: join(GOLDEN_DIR, "run_request.bin"),
} as const;

/** The three golden byte strings. */
export interface WireBytes {
  /** Second Status answer. */
  readonly statusResponse: Uint8Array;
  /** Run answer for the first test case. */
  readonly runResponse: Uint8Array;
  /** The Run request that was sent. */
  readonly runRequest: Uint8Array;
}

/** The golden request: a one-item RunRequest of the test case's inputs, flags false. */
export function goldenRunRequest(testCase: BundleTestCase): Uint8Array {
  return encodeRunRequest([testCase.inputs]);
}

/**
 * Starts a real {@link ModelServer} on a free loopback port over the bundle
 * at `bundlePath` (lazy: the model loads on the first Status, as the
 * reference does), passes it to `body`, and always stops it.
 */
export async function withModelServer<T>(
  bundlePath: string,
  body: (server: ModelServer) => Promise<T>,
): Promise<T> {
  const log = createLogger("silent");
  const server = await serveModel({
    bundle: bundlePath,
    port: 0,
    hostname: "127.0.0.1",
    lazy: true,
    log,
  });
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}

/**
 * Against a fresh server at `target`: calls Status twice and Run once with
 * {@link goldenRunRequest}, all with raw bytes, and returns what was received.
 */
export async function captureWireBytes(
  target: string,
  testCase: BundleTestCase,
): Promise<WireBytes> {
  const client = new RawGrpcClient(target);
  try {
    const empty = new Uint8Array();
    await client.call(MODZY_METHODS.status, empty);
    const statusResponse = await client.call(MODZY_METHODS.status, empty);
    const runRequest = goldenRunRequest(testCase);
    const runResponse = await client.call(MODZY_METHODS.run, runRequest);
    return { statusResponse, runResponse, runRequest };
  } finally {
    client.close();
  }
}
