/**
 * Checks one item's input files against the inputs model.yaml declares, before
 * the model sees it: every declared file present, no undeclared file, and no
 * file larger than its declared `maxSize`.
 *
 * @module
 */
import type { ModelSpec } from "../bundle/types.ts";
import { parseByteSize } from "../bundle/sizes.ts";
import type { InputFiles } from "../model/contract.ts";
import { badRequest, type RuntimeError } from "../base/errors.ts";

/** Each spec's declared input limits in bytes (absent: no limit), parsed once. */
const limitsBySpec = new WeakMap<ModelSpec, ReadonlyMap<string, number>>();

/** The byte limit of each declared input that has a readable `maxSize`. */
export function inputSizeLimits(spec: ModelSpec): ReadonlyMap<string, number> {
  let limits = limitsBySpec.get(spec);
  if (limits === undefined) {
    const parsed = new Map<string, number>();
    for (const [name, input] of spec.inputs) {
      const bytes = input.maxSize === "" ? null : parseByteSize(input.maxSize);
      if (bytes !== null) parsed.set(name, bytes);
    }
    limits = parsed;
    limitsBySpec.set(spec, limits);
  }
  return limits;
}

/**
 * Returns the error that makes `item` unacceptable for the model described by
 * `spec`, or null when its file names are exactly the declared inputs and
 * each file is within its declared `maxSize` (the error then names the file,
 * its size and the limit).
 */
export function checkInputFiles(item: InputFiles, spec: ModelSpec): RuntimeError | null {
  for (const name of item.keys()) {
    if (!spec.inputs.has(name)) {
      return badRequest(
        `unknown input file '${name}'; this model takes: ${[...spec.inputs.keys()].join(", ")}`,
      );
    }
  }
  const limits = inputSizeLimits(spec);
  for (const [name, input] of spec.inputs) {
    const bytes = item.get(name);
    if (bytes === undefined) {
      return badRequest(
        `missing input file '${name}'; this model takes: ${[...spec.inputs.keys()].join(", ")}`,
      );
    }
    const limit = limits.get(name);
    if (limit !== undefined && bytes.byteLength > limit) {
      return badRequest(
        `input file '${name}' is ${bytes.byteLength} bytes, larger than its maxSize ` +
          `${input.maxSize} (${limit} bytes)`,
      );
    }
  }
  return null;
}
