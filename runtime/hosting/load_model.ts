/**
 * Turns a bundle path into a {@link ModelHost}: read and validate the bundle,
 * pick the module that serves it, and wire the host's events to the log.
 *
 * @module
 */
import { loadBundle, type LoadBundleOptions } from "../bundle/load.ts";
import { createModelWrapper } from "./module_registry.ts";
import type { Logger } from "../base/log.ts";
import { ModelHost, type ModelHostEvents, type ModelHostOptions } from "../core/model_host.ts";

/**
 * Loads the bundle at `path` (a version folder, or a bundle root whose highest
 * version is used) and returns a host for its model, not yet initialised.
 * Throws a RuntimeError when the bundle is invalid or names an unknown module.
 * `options` tunes the host (dynamic batching); `events` adds listeners (e.g.
 * batch metrics) beside the logging ones; `bundleOptions` how the bundle is read.
 */
export async function loadModelHost(
  path: string,
  log: Logger,
  options: ModelHostOptions = {},
  events: Pick<ModelHostEvents, "onBatch"> = {},
  bundleOptions: LoadBundleOptions = {},
): Promise<ModelHost> {
  const bundle = await loadBundle(path, bundleOptions);
  const wrapper = createModelWrapper(bundle.spec);
  const model = `${bundle.spec.name} ${bundle.spec.version}`;
  for (const key of bundle.spec.missing) {
    log.warn("model.yaml leaves a value empty", { model, key });
  }
  return new ModelHost(bundle, wrapper, {
    onLoaded: (ms) => log.info("model initialized", { model, ms: Math.round(ms) }),
    onLoadFailed: (error) =>
      log.error("model failed to initialize", { model, reason: error.message }),
    onBatchFallback: (reason) =>
      log.warn("batch handler failed; ran items one by one", { model, reason }),
    onBatch: events.onBatch,
  }, options);
}
