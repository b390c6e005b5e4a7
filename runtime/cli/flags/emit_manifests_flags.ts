/**
 * `--emit-manifests DIR`: its flags. To add one, add its declaration here
 * (see flag.ts).
 *
 * @module
 */
import denoConfig from "../../../deno.json" with { type: "json" };
import type { OptionsOf } from "./flag.ts";
import { modeFlag, readFlagOr } from "./flag_kinds.ts";
import { defineMode } from "./mode_spec.ts";
import { bundleFlag, DEFAULT_HTTP_PORT, DEFAULT_PORT, LOGGING_FLAGS } from "./common_flags.ts";

/** Replicas when `--replicas` is absent. */
export const DEFAULT_REPLICAS = 2;

/** The image when `--image` is absent: `model-runtime:<runtime version>`. */
export const DEFAULT_IMAGE = `model-runtime:${denoConfig.version}`;

/** `--replicas`: a whole number 1-9999, without leading zeros. */
function readReplicas(text: string): number | null {
  return /^[1-9]\d{0,3}$/.test(text) ? Number(text) : null;
}

/** The emit-manifests mode: its help and its flags. */
export const EMIT_MANIFESTS_MODE = defineMode({
  mode: "emit-manifests",
  summary: "write deployment manifests for a bundle's model",
  usage: ["--emit-manifests DIR [--bundle DIR] [FLAGS]"],
  about: `Writes DIR/kubernetes/{deployment,service}.yaml (native gRPC probes on the health
service, resources from model.yaml's resources) and DIR/kserve/{serving-runtime,
inference-service}.yaml (N replicas over the Open Inference Protocol gRPC door) and prints each
path. Ports are the defaults (gRPC ${DEFAULT_PORT}, HTTP ${DEFAULT_HTTP_PORT}), which the
container image sets.`,
  flags: {
    /** The folder to write the manifests into. */
    manifestsDir: modeFlag("emit-manifests", "DIR", "the folder to write the manifests into"),
    /** The bundle whose model.yaml to read. */
    bundle: bundleFlag("bundle whose model.yaml to read (default: the embedded one)"),
    /** Replicas the manifests run. */
    replicas: readFlagOr(
      { name: "replicas", placeholder: "N", help: `replicas to run (default ${DEFAULT_REPLICAS})` },
      readReplicas,
      "a whole number from 1 to 9999",
      { value: DEFAULT_REPLICAS },
    ),
    /** The container image the manifests run. */
    image: readFlagOr(
      { name: "image", placeholder: "NAME", help: `container image (default ${DEFAULT_IMAGE})` },
      (text) => text,
      "an image name",
      { value: DEFAULT_IMAGE },
    ),
    ...LOGGING_FLAGS,
  },
});

/** The typed options of `--emit-manifests`. */
export type EmitManifestsOptions = OptionsOf<typeof EMIT_MANIFESTS_MODE.flags>;
