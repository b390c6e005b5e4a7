/**
 * What a bundle's model code exports: its default export is a
 * `ModelWrapper` (an object with `handleInput`, or a class whose instances
 * are one) or a `RuntimeModule` (`info`, `parseInput`, `load`), or a
 * function that returns either.
 *
 * @module
 */
import { internalError } from "../../base/errors.ts";
import type { ModelWrapper } from "../../model/contract.ts";
import type { RuntimeModule } from "../../modules/module_api.ts";

/** The model the code exports. */
export type ExportedModel =
  | { readonly kind: "wrapper"; readonly wrapper: ModelWrapper }
  | { readonly kind: "module"; readonly module: RuntimeModule };

/** What the default export must be, for messages. */
export const EXPECTED_EXPORT = "`export default` a ModelWrapper (an object or class with " +
  "initialize and handleInput) or a RuntimeModule (info, parseInput, load)";

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null;
}

function isWrapper(value: unknown): value is ModelWrapper {
  return isObject(value) && typeof value.handleInput === "function";
}

function isModule(value: unknown): value is RuntimeModule {
  return isObject(value) && isObject(value.info) && typeof value.info.id === "string" &&
    typeof value.load === "function" && typeof value.parseInput === "function";
}

function isClass(value: unknown): value is new () => unknown {
  return typeof value === "function" && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/**
 * The model `exports` (the namespace of the code file `code`) holds, built
 * when its default export is a class or a factory; an `internal`
 * RuntimeError saying what is expected otherwise.
 */
export async function exportedModel(
  exports: Readonly<Record<string, unknown>>,
  code: string,
): Promise<ExportedModel> {
  const found = exports.default;
  if (found === undefined) {
    const names = Object.keys(exports);
    throw internalError(
      `model code ${code} has no default export (it exports: ${names.join(", ") || "nothing"}); ` +
        EXPECTED_EXPORT,
    );
  }
  const model = isClass(found) ? new found() : typeof found === "function" ? await found() : found;
  if (isModule(model)) return { kind: "module", module: model };
  if (isWrapper(model)) return { kind: "wrapper", wrapper: model };
  throw internalError(`model code ${code}: its default export is neither; ${EXPECTED_EXPORT}`);
}
