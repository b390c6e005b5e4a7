/**
 * `--emit-manifests DIR [--bundle DIR] [--replicas N] [--image NAME]`:
 * writes Kubernetes (Deployment, Service) and KServe (ServingRuntime,
 * InferenceService) manifests for a bundle's model into DIR, and prints
 * each path written. Ports are the runtime's defaults, which the image sets.
 *
 * @module
 */
import denoConfig from "../../deno.json" with { type: "json" };
import { embeddedBundleRoot } from "../base/assets.ts";
import { loadBundle } from "../bundle/load.ts";
import { manifestFiles, writeManifestFiles } from "../deploy/manifest_files.ts";
import { workloadOf } from "../deploy/workload.ts";
import { asRuntimeError } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import { type CommandOptions, DEFAULT_HTTP_PORT, DEFAULT_PORT } from "./flags.ts";

/** Replicas when `--replicas` is absent. */
export const DEFAULT_REPLICAS = 2;

/** The image when `--image` is absent: `model-runtime:<runtime version>`. */
export const DEFAULT_IMAGE = `model-runtime:${denoConfig.version}`;

/** Writes the manifests; returns the exit code. */
export async function emitManifestsCommand(
  options: CommandOptions,
  log: Logger,
  print: (line: string) => void,
): Promise<number> {
  const dir = options.manifestsDir;
  if (dir === undefined) return 2;
  try {
    const bundle = await loadBundle(options.bundle ?? embeddedBundleRoot());
    const workload = workloadOf(bundle.spec, {
      image: options.image ?? DEFAULT_IMAGE,
      replicas: options.replicas ?? DEFAULT_REPLICAS,
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
