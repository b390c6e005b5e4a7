/**
 * The code registry of model modules — the one list to edit. A bundle's
 * model.yaml names its module by `module.id`; serving looks the id up here.
 * {@link MODULE_FACTORIES} holds modules written as a {@link ModelWrapper}
 * directly; {@link MODULES} holds lifecycle modules (train, save, load, run),
 * adapted to a wrapper for serving by {@link moduleWrapper}. Everything is
 * imported statically, so `deno compile` includes it. A program embedding
 * the runtime may add its own lifecycle module with {@link registerModule}.
 *
 * @module
 */
import { badRequest, RuntimeError } from "../base/errors.ts";
import type { ModelSpec } from "../bundle/types.ts";
import type { ModelWrapper } from "../model/contract.ts";
import { TabularClassifier } from "../modules/tabular_classifier.ts";
import { TABULAR_CLASSIFIER_ID, TABULAR_REGRESSOR_ID } from "../modules/tabular_config.ts";
import { TabularRegressor } from "../modules/tabular_regressor.ts";
import { ONNX_TENSOR_ID, OnnxTensorModule } from "../modules/onnx_tensor.ts";
import { moduleWrapper, type RuntimeModule } from "../modules/module_api.ts";
import { HELLO_WORLD_MODULE } from "../modules/hello_world_module.ts";
import { TABULAR_MODULE } from "../train/tabular_module.ts";

/** Every wrapper-style module the runtime can serve, by id. */
export const MODULE_FACTORIES: ReadonlyMap<string, () => ModelWrapper> = new Map<
  string,
  () => ModelWrapper
>([
  [TABULAR_CLASSIFIER_ID, () => new TabularClassifier()],
  [TABULAR_REGRESSOR_ID, () => new TabularRegressor()],
  [ONNX_TENSOR_ID, () => new OnnxTensorModule()],
]);

/** Every lifecycle module built in (train, save, load, run). */
export const MODULES: readonly RuntimeModule[] = [
  TABULAR_MODULE as RuntimeModule,
  HELLO_WORLD_MODULE as RuntimeModule,
];

const added = new Map<string, RuntimeModule>();

/**
 * Adds a lifecycle module at run time (for programs that embed the
 * runtime). An id already known is a `bad_request` error.
 */
export function registerModule<I, O>(module: RuntimeModule<I, O>): void {
  const id = module.info.id;
  if (findModule(id) !== undefined || MODULE_FACTORIES.has(id)) {
    throw badRequest(`a module with id '${id}' is already registered`);
  }
  const caikitId = module.caikit?.module.id;
  if (caikitId !== undefined && findModuleByCaikitId(caikitId) !== undefined) {
    throw badRequest(`a module with Caikit module id '${caikitId}' is already registered`);
  }
  added.set(id, module as RuntimeModule);
}

/** The lifecycle module `id`, if registered. */
export function findModule(id: string): RuntimeModule | undefined {
  return MODULES.find((module) => module.info.id === id) ?? added.get(id);
}

/** Every lifecycle module, built-in first, then those added with {@link registerModule}. */
export function lifecycleModules(): RuntimeModule[] {
  return [...MODULES, ...added.values()];
}

/**
 * The lifecycle module whose Caikit face has module id `caikitId` (a saved
 * Caikit model's `config.yml` names it as `module_id` or `block_id`).
 */
export function findModuleByCaikitId(caikitId: string): RuntimeModule | undefined {
  return lifecycleModules().find((module) => module.caikit?.module.id === caikitId);
}

/** Every known module id, wrapper-style first. */
export function knownModuleIds(): string[] {
  const ids = [...MODULE_FACTORIES.keys()];
  for (const module of [...MODULES, ...added.values()]) {
    if (!ids.includes(module.info.id)) ids.push(module.info.id);
  }
  return ids;
}

/**
 * Creates the (uninitialised) wrapper for the module `spec.module.id`. A
 * bundle without a `module` key, or with an id that is not registered, is an
 * `internal` RuntimeError naming the id and listing the known ones.
 *
 * @example
 * ```ts ignore
 * import { createModelWrapper } from "./module_registry.ts";
 * const wrapper = createModelWrapper(bundle.spec);
 * await wrapper.initialize({ bundle });
 * ```
 */
export function createModelWrapper(spec: ModelSpec): ModelWrapper {
  const known = knownModuleIds().join(", ");
  if (spec.module === null) {
    throw new RuntimeError(
      "internal",
      `model '${spec.name}' ${spec.version} names no module (model.yaml key module.id); ` +
        `known modules: ${known}`,
    );
  }
  const factory = MODULE_FACTORIES.get(spec.module.id);
  if (factory !== undefined) return factory();
  const module = findModule(spec.module.id);
  if (module !== undefined) return moduleWrapper(module);
  throw new RuntimeError(
    "internal",
    `model '${spec.name}' ${spec.version} names unknown module '${spec.module.id}'; ` +
      `known modules: ${known}`,
  );
}
