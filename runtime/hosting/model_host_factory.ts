/**
 * The one way to build a {@link ModelHost}: the host options (batching,
 * where batch sizes and queue times go, where to log) are given once, and
 * every host built from them — the default bundle's, a repository folder's,
 * a freshly trained model's, or the stand-in for a model that cannot even be
 * read — is served the same way.
 *
 * @module
 */
import { asRuntimeError } from "../base/errors.ts";
import type { Logger } from "../base/log.ts";
import { loadBundle, type LoadBundleOptions } from "../bundle/load.ts";
import type { Bundle } from "../bundle/types.ts";
import { type BatchingOptions, ModelHost, type ModelHostEvents } from "../core/model_host.ts";
import { urlSafeName } from "../core/model_names.ts";
import type { ModelWrapper } from "../model/contract.ts";
import { createModelWrapper } from "./module_registry.ts";
import { CodeModelWrapper } from "./model_code/code_wrapper.ts";

/**
 * Hears one batched model call of the model served as `model`: `size` items
 * (tensor requests: rows) and how long each request in it waited, in ms.
 * Called on the hot path: it must be cheap (metrics).
 */
export type BatchObserver = (model: string, size: number, waitedMs: readonly number[]) => void;

/** The options every host built by a {@link ModelHostFactory} shares. */
export interface ModelHostFactoryOptions {
  /** Where loads, load failures and batch handler fallbacks are logged. */
  readonly log: Logger;
  /** Dynamic batching; on by default. */
  readonly batching?: BatchingOptions;
  /** Hears every batched model call (with batching on); absent: batches are not observed. */
  readonly onBatch?: BatchObserver;
}

/** How one host is named: the name it is served (and counted and logged) under. */
export interface HostNaming {
  /** The served name; default the URL-safe form of the bundle's model name. */
  readonly name?: string;
}

/** Builds hosts that all share one set of {@link ModelHostFactoryOptions}. */
export interface ModelHostFactory {
  /** The options the hosts are built with. */
  readonly options: ModelHostFactoryOptions;
  /**
   * Reads and validates the bundle at `path` (a version folder, or a bundle
   * root whose highest version is used) and hosts it with the module its
   * model.yaml names. Throws a RuntimeError when the bundle is invalid or
   * names an unknown module. `bundleOptions` says how the bundle is read.
   */
  fromBundleFolder(
    path: string,
    naming?: HostNaming,
    bundleOptions?: LoadBundleOptions,
  ): Promise<ModelHost>;
  /**
   * Hosts the loaded `bundle` with `wrapper`, or, without one, with the
   * module its model.yaml names (an unknown module is a thrown RuntimeError)
   * or its own model code (`module.code`, run in a worker: model_code/).
   * Logs a warning for each value model.yaml leaves empty.
   */
  forBundle(bundle: Bundle, wrapper?: ModelWrapper, naming?: HostNaming): ModelHost;
  /**
   * A host for `bundle` whose load always fails with `error` (kept as the
   * host's failure), so a model that cannot be served is still registered,
   * reported not ready, and says why.
   */
  failed(bundle: Bundle, error: unknown, naming?: HostNaming): ModelHost;
}

/**
 * The factory of hosts built with `options`.
 *
 * @example
 * ```ts ignore
 * const hosts = modelHostFactory({ log, batching: { enabled: false } });
 * const host = await hosts.fromBundleFolder("asset_bundle");
 * await host.initialize();
 * ```
 */
export function modelHostFactory(options: ModelHostFactoryOptions): ModelHostFactory {
  const { log, batching, onBatch } = options;
  const hostOptions = { batching };
  const events = (bundle: Bundle, naming: HostNaming | undefined): ModelHostEvents => {
    const { model, version } = labels(bundle, naming);
    return {
      onLoaded: (ms) => log.info("model initialized", { model, version, ms: Math.round(ms) }),
      onLoadFailed: (error) =>
        log.error("model failed to initialize", { model, version, reason: error.message }),
      onBatchFallback: (reason) =>
        log.warn("batch handler failed; ran items one by one", { model, version, reason }),
      onBatch: onBatch ? (size, waitedMs) => onBatch(model, size, waitedMs) : undefined,
    };
  };
  const forBundle = (bundle: Bundle, wrapper?: ModelWrapper, naming?: HostNaming) => {
    const served = wrapper ??
      (bundle.spec.module?.code !== undefined
        ? new CodeModelWrapper(bundle, { log, model: labels(bundle, naming).model })
        : createModelWrapper(bundle.spec));
    for (const key of bundle.spec.missing) {
      log.warn("model.yaml leaves a value empty", { ...labels(bundle, naming), key });
    }
    const host = new ModelHost(bundle, served, events(bundle, naming), hostOptions);
    if (served instanceof CodeModelWrapper) codeModels.set(host, served);
    return host;
  };
  return {
    options,
    forBundle,
    async fromBundleFolder(path, naming, bundleOptions) {
      return forBundle(await loadBundle(path, bundleOptions), undefined, naming);
    },
    failed(bundle, error, naming) {
      return new ModelHost(bundle, failingWrapper(error), events(bundle, naming), hostOptions);
    },
  };
}

/** The model code behind each host built for a bundle's own code. */
const codeModels = new WeakMap<ModelHost, CodeModelWrapper>();

/**
 * The model code `host` serves (a bundle's `module.code`, run in a
 * worker), when a factory built it so; undefined for any other host. Doors
 * ask it what the loaded code declares (its Caikit face).
 */
export function codeModelOf(host: ModelHost): CodeModelWrapper | undefined {
  return codeModels.get(host);
}

/** The log fields naming a host's model: its served name and version. */
function labels(bundle: Bundle, naming: HostNaming | undefined) {
  return { model: naming?.name ?? urlSafeName(bundle.spec.name), version: bundle.spec.version };
}

/** A wrapper whose load always fails with `error`. */
function failingWrapper(error: unknown): ModelWrapper {
  const failure = asRuntimeError(error);
  return {
    initialize: () => Promise.reject(failure),
    handleInput: () => Promise.reject(failure),
  };
}
