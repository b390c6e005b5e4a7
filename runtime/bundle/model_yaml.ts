/**
 * Reads model.yaml (Modzy specification 0.4) into the typed
 * {@link ModelSpec}. Validation happens once, here: later code trusts the
 * types. A template may leave descriptive values empty (YAML null); those read
 * as `""` and are listed in `missing`, while `name` and `version` are required.
 *
 * @module
 */
import { bundleError } from "./errors.ts";
import { parseDuration } from "./durations.ts";
import { codePathProblem } from "./model_code.ts";
import { isSemver } from "./semver.ts";
import { parseByteSize } from "./sizes.ts";
import type {
  ModelInputSpec,
  ModelMetric,
  ModelOutputSpec,
  ModelSpec,
  ModuleSpec,
} from "./types.ts";
import {
  describeYamlValue,
  parseYamlMapping,
  type YamlMapping,
  yamlToPlain,
  type YamlValue,
} from "./yaml_document.ts";
import {
  childKey,
  type FieldScope,
  itemKey,
  readBoolean,
  readList,
  readMapping,
  readNumber,
  readOptionalText,
  readRequiredText,
  readText,
  readTextList,
} from "./yaml_fields.ts";

/**
 * Parses and validates the text of a model.yaml file. `file` is the path used
 * in error messages, which read `<file>: <key>: <what is wrong>`; invalid YAML
 * is reported with its line and column. All errors are `internal`
 * {@link RuntimeError}s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseModelSpec } from "./model_yaml.ts";
 * const spec = parseModelSpec("name: Iris\nversion: 0.1.0\n", "/b/0.1.0/model.yaml");
 * assert.equal(spec.features.maxBatchSize, 1);
 * assert.ok(spec.missing.includes("description.summary"));
 * ```
 */
export function parseModelSpec(text: string, file: string): ModelSpec {
  const root = parseYamlMapping(text, file);
  const scope: FieldScope = { file, missing: [] };
  const name = readRequiredText(scope, root.get("name"), "name");
  const version = readVersion(scope, root.get("version"));
  const specification = readText(scope, root.get("specification"), "specification");
  const type = readText(scope, root.get("type"), "type");
  const source = readText(scope, root.get("source"), "source");
  const author = readText(scope, root.get("author"), "author");
  const description = readDescription(scope, root.get("description"));
  const tags = readTextList(scope, root.get("tags"), "tags");
  const metrics = readMetrics(scope, root.get("metrics"));
  const inputs = readFileSpecs(scope, root.get("inputs"), "inputs", readInputSpec);
  const outputs = readFileSpecs(scope, root.get("outputs"), "outputs", readOutputSpec);
  for (const fileName of outputs.keys()) {
    if (inputs.has(fileName)) {
      throw bundleError(
        file,
        childKey("outputs", fileName),
        "is also declared under inputs; a file is either an input or an output",
      );
    }
  }
  const resources = readResources(scope, root.get("resources"));
  const timeout = readTimeout(scope, root.get("timeout"));
  const features = readFeatures(scope, root.get("features"));
  const moduleSpec = readModule(scope, root.get("module"));
  return {
    specification,
    type,
    source,
    version,
    name,
    author,
    description,
    tags,
    metrics,
    inputs,
    outputs,
    resources,
    timeout,
    features,
    module: moduleSpec,
    missing: scope.missing,
    raw: yamlToPlain(root) as Record<string, unknown>,
  };
}

function readVersion(scope: FieldScope, value: YamlValue | undefined): string {
  const version = readRequiredText(scope, value, "version");
  if (typeof value === "string" && isSemver(version)) return version;
  throw bundleError(
    scope.file,
    "version",
    `must be a version x.y.z (e.g. 0.1.0), got ${describeYamlValue(value)}`,
  );
}

function readDescription(
  scope: FieldScope,
  value: YamlValue | undefined,
): ModelSpec["description"] {
  const description = readMapping(scope, value, "description");
  const paragraph = (key: string) =>
    readText(scope, description.get(key), childKey("description", key));
  return {
    summary: paragraph("summary"),
    details: paragraph("details"),
    technical: paragraph("technical"),
    performance: paragraph("performance"),
  };
}

function readMetrics(scope: FieldScope, value: YamlValue | undefined): ModelMetric[] {
  const metrics: ModelMetric[] = [];
  readList(scope, value, "metrics").forEach((item, index) => {
    const key = itemKey("metrics", index);
    if (!(item instanceof Map)) {
      throw bundleError(scope.file, key, `must be a mapping, got ${describeYamlValue(item)}`);
    }
    const label = readText(scope, item.get("label"), childKey(key, "label"));
    const type = readOptionalText(scope, item.get("type"), childKey(key, "type"));
    const description = readOptionalText(
      scope,
      item.get("description"),
      childKey(key, "description"),
    );
    const measured = item.get("value");
    if (measured === null || measured === undefined) {
      scope.missing.push(childKey(key, "value"));
      return;
    }
    if (typeof measured !== "number" || Number.isNaN(measured)) {
      throw bundleError(
        scope.file,
        childKey(key, "value"),
        `must be a number, got ${describeYamlValue(measured)}`,
      );
    }
    metrics.push({
      label,
      value: measured,
      ...(type === null ? {} : { type }),
      ...(description === null ? {} : { description }),
    });
  });
  return metrics;
}

function readFileSpecs<T>(
  scope: FieldScope,
  value: YamlValue | undefined,
  key: string,
  readSpec: (scope: FieldScope, spec: YamlMapping, key: string) => T,
): Map<string, T> {
  if (value === null || value === undefined) scope.missing.push(key);
  const specs = new Map<string, T>();
  for (const [fileName, item] of readMapping(scope, value, key)) {
    const fileKey = childKey(key, fileName);
    if (!isPlainFileName(fileName)) {
      throw bundleError(scope.file, fileKey, "must be a plain file name, not a path");
    }
    specs.set(fileName, readSpec(scope, readMapping(scope, item, fileKey), fileKey));
  }
  return specs;
}

function isPlainFileName(name: string): boolean {
  return name.trim() !== "" && name !== "." && name !== ".." && !/[/\\]/.test(name);
}

function readInputSpec(scope: FieldScope, spec: YamlMapping, key: string): ModelInputSpec {
  const mediaTypesKey = childKey(key, "acceptedMediaTypes");
  const mediaTypes = spec.get("acceptedMediaTypes");
  if (mediaTypes === null || mediaTypes === undefined) scope.missing.push(mediaTypesKey);
  return {
    acceptedMediaTypes: readTextList(scope, mediaTypes, mediaTypesKey),
    maxSize: readSize(scope, spec.get("maxSize"), childKey(key, "maxSize")),
    description: readText(scope, spec.get("description"), childKey(key, "description")),
  };
}

function readOutputSpec(scope: FieldScope, spec: YamlMapping, key: string): ModelOutputSpec {
  return {
    mediaType: readText(scope, spec.get("mediaType"), childKey(key, "mediaType")),
    maxSize: readSize(scope, spec.get("maxSize"), childKey(key, "maxSize")),
    description: readText(scope, spec.get("description"), childKey(key, "description")),
  };
}

function readSize(scope: FieldScope, value: YamlValue | undefined, key: string): string {
  const size = readText(scope, value, key);
  if (size === "" || parseByteSize(size) !== null) return size;
  throw bundleError(
    scope.file,
    key,
    `must be a size like 64K, 1M, 10MB or 1Gi, got ${describeYamlValue(value)}`,
  );
}

function readResources(scope: FieldScope, value: YamlValue | undefined): ModelSpec["resources"] {
  const resources = readMapping(scope, value, "resources");
  const memory = readMapping(scope, resources.get("memory"), "resources.memory");
  const cpu = readMapping(scope, resources.get("cpu"), "resources.cpu");
  const gpu = readMapping(scope, resources.get("gpu"), "resources.gpu");
  const countWhenEmpty = { value: 0, missing: true };
  return {
    memory: readSize(scope, memory.get("size"), "resources.memory.size"),
    cpus: readNumber(scope, cpu.get("count"), "resources.cpu.count", {
      whole: false,
      min: 0,
      whenEmpty: countWhenEmpty,
    }),
    gpus: readNumber(scope, gpu.get("count"), "resources.gpu.count", {
      whole: true,
      min: 0,
      whenEmpty: countWhenEmpty,
    }),
  };
}

function readTimeout(scope: FieldScope, value: YamlValue | undefined): ModelSpec["timeout"] {
  const timeout = readMapping(scope, value, "timeout");
  const status = readDuration(scope, timeout.get("status"), "timeout.status");
  const run = readDuration(scope, timeout.get("run"), "timeout.run");
  return { status: status.text, run: run.text, statusMs: status.ms, runMs: run.ms };
}

function readDuration(
  scope: FieldScope,
  value: YamlValue | undefined,
  key: string,
): { text: string; ms: number } {
  const text = readText(scope, value, key);
  if (text === "") return { text, ms: 0 };
  const ms = parseDuration(text);
  if (ms !== null) return { text, ms };
  throw bundleError(
    scope.file,
    key,
    `must be a duration like 20s, 500ms, 2m or 1h, got ${describeYamlValue(value)}`,
  );
}

function readFeatures(scope: FieldScope, value: YamlValue | undefined): ModelSpec["features"] {
  const features = readMapping(scope, value, "features");
  const flag = (key: string) => readBoolean(scope, features.get(key), childKey("features", key));
  const format = (key: string) =>
    readOptionalText(scope, features.get(key), childKey("features", key));
  return {
    adversarialDefense: flag("adversarialDefense"),
    maxBatchSize: readNumber(scope, features.get("maxBatchSize"), "features.maxBatchSize", {
      whole: true,
      min: 1,
      whenEmpty: { value: 1, missing: false },
    }),
    retrainable: flag("retrainable"),
    resultsFormat: format("resultsFormat"),
    driftFormat: format("driftFormat"),
    explanationFormat: format("explanationFormat"),
  };
}

/**
 * `module`: `id` (a registered module) or `code` (the bundle's model code,
 * see bundle/model_code.ts; `id` is then an optional label), and `config`.
 */
function readModule(scope: FieldScope, value: YamlValue | undefined): ModuleSpec | null {
  if (value === null || value === undefined) return null;
  const moduleMapping = readMapping(scope, value, "module");
  const code = readOptionalText(scope, moduleMapping.get("code"), "module.code");
  if (code !== null) {
    const problem = codePathProblem(code);
    if (problem !== null) throw bundleError(scope.file, "module.code", problem);
  }
  const id = code === null
    ? readRequiredText(scope, moduleMapping.get("id"), "module.id")
    : readOptionalText(scope, moduleMapping.get("id"), "module.id") ?? "";
  const config = yamlToPlain(readMapping(scope, moduleMapping.get("config"), "module.config"));
  return code === null
    ? { id, config: config as Record<string, unknown> }
    : { id, code, config: config as Record<string, unknown> };
}
