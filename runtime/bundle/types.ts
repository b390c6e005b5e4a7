/**
 * Typed views of an asset bundle: `model.yaml` (Modzy specification 0.4),
 * `docker_metadata.yaml` and the functional test cases beside them.
 *
 * @module
 */

/** `inputs.<filename>` of model.yaml. */
export interface ModelInputSpec {
  /** Media types the input file may have, e.g. `application/json`. */
  readonly acceptedMediaTypes: readonly string[];
  /** Largest accepted file, as written (e.g. `1M`); empty when unset. */
  readonly maxSize: string;
  /** What the file holds. */
  readonly description: string;
}

/** `outputs.<filename>` of model.yaml. */
export interface ModelOutputSpec {
  /** Media type of the output file. */
  readonly mediaType: string;
  /** Largest output file, as written; empty when unset. */
  readonly maxSize: string;
  /** What the file holds. */
  readonly description: string;
}

/** One entry of model.yaml's `metrics` list. */
export interface ModelMetric {
  /** Metric name, e.g. `Accuracy`. */
  readonly label: string;
  /** Kind, e.g. `percentage`. */
  readonly type?: string;
  /** The value measured. */
  readonly value: number;
  /** What it means. */
  readonly description?: string;
}

/**
 * Which module serves the bundle and its settings (model.yaml key `module`).
 * `id` names a module registered in code, or `code` names the bundle's own
 * model code (a file of the version folder exporting a `ModelWrapper` or a
 * `RuntimeModule`); `config` is that module's own data (feature names,
 * labels, artifact file, ...), validated by the module.
 */
export interface ModuleSpec {
  /** Registered module id; with `code`, an optional label ("" when absent). */
  readonly id: string;
  /** The bundle's model code, relative to the version folder (`model.ts`); absent: none. */
  readonly code?: string;
  /** Module-specific settings, validated by the module when it loads. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** The typed content of model.yaml. Empty (null) strings become `""`. */
export interface ModelSpec {
  /** Specification version, e.g. `0.4`. */
  readonly specification: string;
  /** Container type, `grpc`. */
  readonly type: string;
  /** Where the model comes from. */
  readonly source: string;
  /** Semantic version x.y.z; equals the bundle folder name. */
  readonly version: string;
  /** Human-readable model name. */
  readonly name: string;
  /** Author or organisation. */
  readonly author: string;
  /** The four description paragraphs. */
  readonly description: {
    readonly summary: string;
    readonly details: string;
    readonly technical: string;
    readonly performance: string;
  };
  /** Free-form tags. */
  readonly tags: readonly string[];
  /** Measured quality figures. */
  readonly metrics: readonly ModelMetric[];
  /** Input files by file name, in file order. */
  readonly inputs: ReadonlyMap<string, ModelInputSpec>;
  /** Output files by file name, in file order. */
  readonly outputs: ReadonlyMap<string, ModelOutputSpec>;
  /** Resource needs; strings as written (e.g. `512Mi`). */
  readonly resources: {
    readonly memory: string;
    readonly cpus: number;
    readonly gpus: number;
  };
  /** Timeouts as written (e.g. `20s`) and in milliseconds (0 when unset). */
  readonly timeout: {
    readonly status: string;
    readonly run: string;
    readonly statusMs: number;
    readonly runMs: number;
  };
  /** Feature flags of the contract. */
  readonly features: {
    readonly adversarialDefense: boolean;
    /** At least 1; defaults to 1. */
    readonly maxBatchSize: number;
    readonly retrainable: boolean;
    readonly resultsFormat: string | null;
    readonly driftFormat: string | null;
    readonly explanationFormat: string | null;
  };
  /** The module that serves this bundle, when the bundle names one. */
  readonly module: ModuleSpec | null;
  /** Keys the template left empty, as dotted paths (e.g. `description.summary`). */
  readonly missing: readonly string[];
  /** The parsed YAML document as written, for keys this type does not model. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** docker_metadata.yaml. */
export interface DockerMetadata {
  /** Registries the image is pushed to. */
  readonly dockerMetadata: readonly {
    readonly registry: string;
    readonly repo_prefix: string;
    readonly repo_suffix: string;
  }[];
  /** Model identifier on the platform. */
  readonly id: string;
}

/** One functional test case: a folder of input files and expected outputs. */
export interface TestCase {
  /** Folder name, e.g. `setosa-typical`. */
  readonly name: string;
  /** Absolute folder path. */
  readonly dir: string;
  /** Absolute paths of the input files, by file name (as in model.yaml inputs). */
  readonly inputs: ReadonlyMap<string, string>;
  /** Absolute paths of the expected output files, by file name. */
  readonly outputs: ReadonlyMap<string, string>;
}

/** A loaded, validated asset bundle version folder. */
export interface Bundle {
  /** Absolute path of the version folder (holds model.yaml). */
  readonly dir: string;
  /** The typed model.yaml. */
  readonly spec: ModelSpec;
  /** The typed docker_metadata.yaml, or null when the file is absent. */
  readonly docker: DockerMetadata | null;
  /** Test cases found under `test_cases/`, sorted by name. */
  readonly testCases: readonly TestCase[];
}
