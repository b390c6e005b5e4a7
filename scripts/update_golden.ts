/**
 * Regenerates the golden wire files in `tests/golden/` from the live server:
 *
 * - `status_response.bin`: the serialized `StatusResponse` of the second
 *   Status call ("Model Already Initialized.");
 * - `run_response.bin`: the serialized `RunResponse` of a one-item Run of the
 *   embedded bundle's first test case input (detect_drift=false, explain=false);
 * - `run_request.bin`: that `RunRequest`, canonical proto3, encoded by hand.
 *
 * It starts a real `ModelServer` over the embedded bundle (`asset_bundle/`) on
 * a free port, captures the raw bytes with grpc-js identity (de)serializers,
 * writes the files and stops the server. Run it whenever the embedded model,
 * its model.yaml or its first test case changes, or when the server's
 * encoding deliberately changes, then review the diff and commit the files:
 *
 * ```sh
 * npx -y deno@2.8.3 run -A scripts/update_golden.ts
 * npx -y deno@2.8.3 test -A tests/golden_wire_test.ts
 * ```
 *
 * @module
 */
import { embeddedBundleRoot } from "../runtime/base/assets.ts";
import { readEmbeddedBundle } from "../tests/foreign/embedded_bundle.ts";
import {
  captureWireBytes,
  GOLDEN_DIR,
  GOLDEN_FILES,
  withModelServer,
} from "../tests/foreign/golden_capture.ts";

/** Captures the live bytes and writes the golden files; returns the paths written. */
export async function updateGoldenFiles(): Promise<string[]> {
  const bundle = await readEmbeddedBundle();
  const bytes = await withModelServer(
    embeddedBundleRoot(),
    (server) => captureWireBytes(`127.0.0.1:${server.port}`, bundle.firstCase),
  );
  await Deno.mkdir(GOLDEN_DIR, { recursive: true });
  await Deno.writeFile(GOLDEN_FILES.statusResponse, bytes.statusResponse);
  await Deno.writeFile(GOLDEN_FILES.runResponse, bytes.runResponse);
  await Deno.writeFile(GOLDEN_FILES.runRequest, bytes.runRequest);
  return [GOLDEN_FILES.statusResponse, GOLDEN_FILES.runResponse, GOLDEN_FILES.runRequest];
}

if (import.meta.main) {
  for (const path of await updateGoldenFiles()) {
    console.log(`wrote ${path} (${(await Deno.stat(path)).size} bytes)`);
  }
}
