/**
 * Converts a model's metadata (model.yaml) into the Modzy `StatusResponse`
 * metadata fields. Translation only.
 *
 * @module
 */
import type { ModelSpec } from "../../bundle/types.ts";

/** The metadata part of a Modzy `StatusResponse`, in proto field names. */
export interface StatusMetadata {
  /** `ModelInfo`. */
  model_info: Record<string, string>;
  /** `ModelDescription`. */
  description: Record<string, string>;
  /** `repeated ModelInput`. */
  inputs: Record<string, unknown>[];
  /** `repeated ModelOutput`. */
  outputs: Record<string, unknown>[];
  /** `ModelResources`. */
  resources: Record<string, unknown>;
  /** `ModelTimeout`. */
  timeout: Record<string, string>;
  /** `ModelFeatures`. */
  features: Record<string, unknown>;
}

/** Fills every metadata field of a `StatusResponse` from model.yaml. */
export function statusMetadata(spec: ModelSpec): StatusMetadata {
  return {
    model_info: {
      model_name: spec.name,
      model_version: spec.version,
      model_author: spec.author,
      model_type: spec.type,
      source: spec.source,
    },
    description: { ...spec.description },
    inputs: [...spec.inputs].map(([filename, input]) => ({
      filename,
      accepted_media_types: [...input.acceptedMediaTypes],
      max_size: input.maxSize,
      description: input.description,
    })),
    outputs: [...spec.outputs].map(([filename, output]) => ({
      filename,
      media_type: output.mediaType,
      max_size: output.maxSize,
      description: output.description,
    })),
    resources: {
      required_ram: spec.resources.memory,
      num_cpus: spec.resources.cpus,
      num_gpus: spec.resources.gpus,
    },
    timeout: { status: spec.timeout.status, run: spec.timeout.run },
    features: {
      adversarial_defense: spec.features.adversarialDefense,
      batch_size: spec.features.maxBatchSize,
      retrainable: spec.features.retrainable,
      results_format: spec.features.resultsFormat ?? "",
      drift_format: spec.features.driftFormat ?? "",
      explanation_format: spec.features.explanationFormat ?? "",
    },
  };
}
