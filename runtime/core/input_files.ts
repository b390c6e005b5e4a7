/**
 * Checks one item's input files against the inputs model.yaml declares, before
 * the model sees it: every declared file present, no undeclared file.
 *
 * @module
 */
import type { ModelSpec } from "../bundle/types.ts";
import type { InputFiles } from "../model/contract.ts";
import { badRequest, type RuntimeError } from "../errors.ts";

/**
 * Returns the error that makes `item` unacceptable for the model described by
 * `spec`, or null when its file names are exactly the declared inputs.
 */
export function checkInputFiles(item: InputFiles, spec: ModelSpec): RuntimeError | null {
  const declared = [...spec.inputs.keys()];
  for (const name of item.keys()) {
    if (!spec.inputs.has(name)) {
      return badRequest(
        `unknown input file '${name}'; this model takes: ${declared.join(", ")}`,
      );
    }
  }
  for (const name of declared) {
    if (!item.has(name)) {
      return badRequest(`missing input file '${name}'; this model takes: ${declared.join(", ")}`);
    }
  }
  return null;
}
