/**
 * What the metadata calls of tensor protocols answer, protocol-free: the
 * server's identity and one model's name, versions, platform and declared
 * tensors (dynamic dimensions as -1).
 *
 * @module
 */
import denoConfig from "../../deno.json" with { type: "json" };
import type { DataPlane } from "./data_plane.ts";
import type { TensorSignature } from "../model/tensors.ts";

/** The server's identity. */
export interface ServerMetadata {
  /** Server name. */
  readonly name: string;
  /** Server version. */
  readonly version: string;
  /** Protocol extensions supported (`binary_tensor_data`: binary tensors over REST). */
  readonly extensions: readonly string[];
}

/** One model's metadata. */
export interface ModelMetadata {
  /** URL-safe model name. */
  readonly name: string;
  /** Versions served (one). */
  readonly versions: readonly string[];
  /** The module that serves it (model.yaml `module.id`), e.g. `onnx-tensor`. */
  readonly platform: string;
  /** Declared inputs. */
  readonly inputs: readonly TensorSignature[];
  /** Declared outputs. */
  readonly outputs: readonly TensorSignature[];
}

/**
 * The extensions of the Open Inference Protocol the server supports:
 * `binary_tensor_data` (tensors as raw bytes after a JSON header over REST;
 * Triton lists it under this name).
 */
const SERVER_EXTENSIONS: readonly string[] = ["binary_tensor_data"];

/** The server's name, version (deno.json) and extensions. */
export function serverMetadata(): ServerMetadata {
  return { name: "model-runtime", version: denoConfig.version, extensions: SERVER_EXTENSIONS };
}

/**
 * The metadata of the model `name` (`version` checked when given). Throws
 * `not_found` for an unknown model or version, `not_ready` for a model that
 * is not ready, `bad_request` for a model without a tensor face.
 */
export function modelMetadata(dataPlane: DataPlane, name: string, version?: string): ModelMetadata {
  const { entry, model } = dataPlane.tensorModel(name, version);
  return {
    name: entry.name,
    versions: [entry.version],
    platform: entry.host.bundle.spec.module?.id ?? "",
    inputs: model.inputs,
    outputs: model.outputs,
  };
}
