/**
 * Turns a repository folder into a {@link ModelHost}, never failing: a folder
 * whose bundle cannot be read, or whose module is unknown, still gets a host —
 * one whose load fails with the reason — so the model is registered, reported
 * not ready, and says why.
 *
 * @module
 */
import { loadFolderBundle } from "./folder_bundle.ts";
import { asRuntimeError } from "../base/errors.ts";
import { ModelHost, type ModelHostEvents, type ModelHostOptions } from "../core/model_host.ts";
import type { Logger } from "../base/log.ts";
import { observeBatchSize, observeQueueTime } from "../metrics/shared_metrics.ts";
import type { ModelWrapper } from "../model/contract.ts";
import { createModelWrapper } from "../hosting/module_registry.ts";
import type { ModelFolder } from "./scan.ts";
import { caikitBundle, onnxBundle, placeholderBundle } from "./synthesized_bundle.ts";

/**
 * A host for `folder` and the version it serves (the bundle's version for
 * bundles), with the same host options (batching) as the default model.
 */
export async function hostForFolder(
  folder: ModelFolder,
  log: Logger,
  options: ModelHostOptions = {},
): Promise<{ host: ModelHost; version: string }> {
  const events = hostEvents(folder.name, log);
  try {
    const bundle = folder.layout === "bundle"
      ? await loadFolderBundle(folder.path)
      : folder.layout === "caikit"
      ? await caikitBundle(folder.name, folder.path)
      : onnxBundle(folder.name, folder.version, folder.path);
    const version = folder.layout === "bundle" || folder.layout === "caikit"
      ? bundle.spec.version
      : folder.version;
    try {
      return {
        host: new ModelHost(bundle, createModelWrapper(bundle.spec), events, options),
        version,
      };
    } catch (error) {
      return { host: new ModelHost(bundle, failingWrapper(error), events, options), version };
    }
  } catch (error) {
    const version = folder.version || "0.0.0";
    const bundle = placeholderBundle(folder.name, version, folder.path);
    return { host: new ModelHost(bundle, failingWrapper(error), events, options), version };
  }
}

/** A wrapper whose load always fails with `error` (kept as the host's failure). */
function failingWrapper(error: unknown): ModelWrapper {
  const failure = asRuntimeError(error);
  return {
    initialize: () => Promise.reject(failure),
    handleInput: () => Promise.reject(failure),
  };
}

function hostEvents(name: string, log: Logger): ModelHostEvents {
  return {
    onLoaded: (ms) => log.info("model initialized", { model: name, ms: Math.round(ms) }),
    onLoadFailed: (error) =>
      log.error("model failed to initialize", { model: name, reason: error.message }),
    onBatchFallback: (reason) =>
      log.warn("batch handler failed; ran items one by one", { model: name, reason }),
    onBatch: (size, waitedMs) => {
      observeBatchSize(name, size);
      for (const ms of waitedMs) observeQueueTime(name, ms / 1000);
    },
  };
}
