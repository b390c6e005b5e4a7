/**
 * `--emit-manifests DIR [--bundle DIR] [--replicas N] [--image NAME]`:
 * writes Kubernetes (Deployment, Service) and KServe (ServingRuntime,
 * InferenceService) manifests for a bundle's model into DIR, and prints
 * each path written. Ports are the runtime's defaults, which the image sets.
 *
 * @module
 */
import { embeddedBundleRoot } from "../base/assets.ts";
import { loadBundle } from "../bundle/load.ts";
import { manifestFiles, writeManifestFiles } from "../deploy/manifest_files.ts";
import { workloadOf } from "../deploy/workload.ts";
import { asRuntimeError } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import { DEFAULT_HTTP_PORT, DEFAULT_PORT } from "./flags/common_flags.ts";
import type { EmitManifestsOptions } from "./flags/emit_manifests_flags.ts";

/** Writes the manifests; returns the exit code. */
export async function emitManifestsCommand(
  options: EmitManifestsOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  const dir = options.manifestsDir;
  try {
    const bundle = await loadBundle(options.bundle ?? embeddedBundleRoot());
    const workload = workloadOf(bundle.spec, {
      image: options.image,
      replicas: options.replicas,
      grpcPort: DEFAULT_PORT,
      httpPort: DEFAULT_HTTP_PORT,
    });
    for (const path of await writeManifestFiles(dir, manifestFiles(workload))) print(path);
    return 0;
  } catch (error) {
    log.error(`cannot write manifests: ${asRuntimeError(error).message}`);
    return 1;
  }
}
