/**
 * Bundles the repository makes up for models that have no model.yaml: a bare
 * model file (served by the module its backend names — for ONNX,
 * `onnx-tensor`, which takes tensors, not Modzy files), a Caikit model
 * folder (served by the module whose Caikit face has the module id its
 * `config.yml` names, `module_id` or the older `block_id`; its other keys are
 * the module's config) and a placeholder for
 * a folder that failed to load, so that it can be registered, reported not
 * ready, and explain why.
 *
 * @module
 */
import { join } from "node:path";
import { parse } from "yaml";
import { RuntimeError } from "../base/errors.ts";
import type { Bundle, ModelSpec } from "../bundle/types.ts";
import type { ModelFile } from "./scan.ts";
import { findModuleByCaikitId, lifecycleModules } from "../hosting/module_registry.ts";
import { MODULE_INPUT_FILE, MODULE_OUTPUT_FILE } from "../modules/module_api.ts";

/**
 * A bundle for the model file `dir/<file.name>` served as model `name`,
 * version `version`: the module its backend serves a bare file with (for
 * ONNX, `onnx-tensor` with `config.artifact` the file name, relative to
 * `dir`), no Modzy input or output files.
 */
export function modelFileBundle(
  name: string,
  version: string,
  dir: string,
  file: ModelFile,
): Bundle {
  return {
    dir,
    spec: synthesizedSpec(name, version, file.backend.servingModule(file.name)),
    docker: null,
    testCases: [],
  };
}

/**
 * A bundle for the Caikit model folder `dir` served as model `name`: its
 * `config.yml` names the module; `input.json` in, `results.json` out.
 * Throws an `internal` RuntimeError naming the file when config.yml cannot
 * be read, names no module id, or one no registered module has.
 */
export async function caikitBundle(name: string, dir: string): Promise<Bundle> {
  const file = join(dir, "config.yml");
  let config: Record<string, unknown>;
  try {
    const document = parse(await Deno.readTextFile(file));
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
      throw new Error("expected a mapping of keys");
    }
    config = document as Record<string, unknown>;
  } catch (error) {
    throw new RuntimeError("internal", `${file}: cannot be read: ${(error as Error).message}`);
  }
  const { module_id: moduleId, block_id: blockId, name: _, version, ...moduleConfig } = config;
  const caikitId = moduleId ?? blockId;
  if (typeof caikitId !== "string" || caikitId === "") {
    throw new RuntimeError("internal", `${file}: names no module_id (or block_id)`);
  }
  const module = findModuleByCaikitId(caikitId);
  if (!module) {
    const known = lifecycleModules().flatMap((each) =>
      each.caikit ? [`${each.caikit.module.id} (${each.caikit.module.name})`] : []
    );
    throw new RuntimeError(
      "internal",
      `${file}: no registered module has Caikit module id '${caikitId}'; known: ` +
        (known.join(", ") || "none"),
    );
  }
  const spec = synthesizedSpec(name, String(version ?? "0.0.0"), {
    id: module.info.id,
    config: moduleConfig,
  });
  return {
    dir,
    spec: {
      ...spec,
      inputs: new Map([[MODULE_INPUT_FILE, {
        acceptedMediaTypes: ["application/json"],
        maxSize: "1M",
        description: `The ${module.info.task} input as JSON.`,
      }]]),
      outputs: new Map([[MODULE_OUTPUT_FILE, {
        mediaType: "application/json",
        maxSize: "1M",
        description: `The ${module.info.task} result.`,
      }]]),
      features: { ...spec.features, maxBatchSize: 64 },
    },
    docker: null,
    testCases: [],
  };
}

/** A bundle standing for the folder `dir` whose model could not even be read. */
export function placeholderBundle(name: string, version: string, dir: string): Bundle {
  return { dir, spec: synthesizedSpec(name, version, null), docker: null, testCases: [] };
}

function synthesizedSpec(name: string, version: string, module: ModelSpec["module"]): ModelSpec {
  return {
    specification: "0.4",
    type: "grpc",
    source: "model repository",
    version,
    name,
    author: "",
    description: { summary: "", details: "", technical: "", performance: "" },
    tags: [],
    metrics: [],
    inputs: new Map(),
    outputs: new Map(),
    resources: { memory: "", cpus: 1, gpus: 0 },
    timeout: { status: "", run: "", statusMs: 0, runMs: 0 },
    features: {
      adversarialDefense: false,
      maxBatchSize: 1,
      retrainable: false,
      resultsFormat: null,
      driftFormat: null,
      explanationFormat: null,
    },
    module,
    missing: [],
    raw: {},
  };
}
