/**
 * The code registry of model modules: maps the `module.id` a bundle names in
 * model.yaml to the factory of the {@link ModelWrapper} that serves it. To
 * add a module, add one line to {@link MODULE_FACTORIES}.
 *
 * @module
 */
import { RuntimeError } from "../errors.ts";
import type { ModelSpec } from "../bundle/types.ts";
import type { ModelWrapper } from "../model/contract.ts";
import { TabularClassifier } from "./tabular_classifier.ts";
import { TABULAR_CLASSIFIER_ID } from "./tabular_config.ts";
import { ONNX_TENSOR_ID, OnnxTensorModule } from "./onnx_tensor.ts";

/** Every module the runtime can serve, by id. */
export const MODULE_FACTORIES: ReadonlyMap<string, () => ModelWrapper> = new Map<
  string,
  () => ModelWrapper
>([
  [TABULAR_CLASSIFIER_ID, () => new TabularClassifier()],
  [ONNX_TENSOR_ID, () => new OnnxTensorModule()],
]);

/**
 * Creates the (uninitialised) wrapper for the module `spec.module.id`. A
 * bundle without a `module` key, or with an id that is not registered, is an
 * `internal` RuntimeError naming the id and listing the known ones.
 *
 * @example
 * ```ts ignore
 * import { createModelWrapper } from "./registry.ts";
 * const wrapper = createModelWrapper(bundle.spec);
 * await wrapper.initialize({ bundle });
 * ```
 */
export function createModelWrapper(spec: ModelSpec): ModelWrapper {
  const known = [...MODULE_FACTORIES.keys()].join(", ");
  if (spec.module === null) {
    throw new RuntimeError(
      "internal",
      `model '${spec.name}' ${spec.version} names no module (model.yaml key module.id); ` +
        `known modules: ${known}`,
    );
  }
  const factory = MODULE_FACTORIES.get(spec.module.id);
  if (factory === undefined) {
    throw new RuntimeError(
      "internal",
      `model '${spec.name}' ${spec.version} names unknown module '${spec.module.id}'; ` +
        `known modules: ${known}`,
    );
  }
  return factory();
}
