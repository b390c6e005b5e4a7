/**
 * In-memory bundles for tests of the core: a ModelSpec with one JSON input
 * and one JSON output, and overridable features.
 *
 * @module
 */
import type { Bundle, ModelSpec } from "../../runtime/bundle/types.ts";
import { DataPlane } from "../../runtime/core/data_plane.ts";
import type { ModelHost } from "../../runtime/core/model_host.ts";
import { ModelRegistry } from "../../runtime/core/registry.ts";

/** A bundle whose model takes `input.json` and answers `results.json`. */
export function testBundle(maxBatchSize = 4): Bundle {
  const spec: ModelSpec = {
    specification: "0.4",
    type: "grpc",
    source: "tests",
    version: "1.0.0",
    name: "Test Model",
    author: "tests",
    description: { summary: "s", details: "d", technical: "t", performance: "p" },
    tags: [],
    metrics: [],
    inputs: new Map([["input.json", {
      acceptedMediaTypes: ["application/json"],
      maxSize: "1K",
      description: "",
    }]]),
    outputs: new Map([["results.json", {
      mediaType: "application/json",
      maxSize: "1K",
      description: "",
    }]]),
    resources: { memory: "128Mi", cpus: 1, gpus: 0 },
    timeout: { status: "20s", run: "20s", statusMs: 20_000, runMs: 20_000 },
    features: {
      adversarialDefense: false,
      maxBatchSize,
      retrainable: false,
      resultsFormat: null,
      driftFormat: null,
      explanationFormat: null,
    },
    module: null,
    missing: [],
    raw: {},
  };
  return { dir: "/nonexistent/test-model/1.0.0", spec, docker: null, testCases: [] };
}

/** Input files of one item holding `text` as `input.json`. */
export function jsonItem(text: string): Map<string, Uint8Array> {
  return new Map([["input.json", new TextEncoder().encode(text)]]);
}

/** A data plane serving `host` as its default model, named `test-model`. */
export function dataPlaneOf(host: ModelHost): DataPlane {
  const registry = new ModelRegistry();
  registry.add({ name: "test-model", version: host.bundle.spec.version, host, origin: "bundle" });
  return new DataPlane(registry);
}
