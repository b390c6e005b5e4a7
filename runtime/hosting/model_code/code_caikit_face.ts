/**
 * A code module's Caikit face across the worker boundary. Functions cannot
 * cross `postMessage`, so the worker sends the face's plain data — library,
 * module identity, task — checked and copied ({@link wireCaikitFace}), and
 * says which conversions it has; the host side turns that back into a
 * {@link CaikitFace} whose `toInput` / `toOutput` ask the worker to run the
 * module's own conversions ({@link servedCaikitFace}), answering promises.
 * A face's `training` is not sent: training through Caikit is for
 * registered modules (a code module trains through its own bundle).
 *
 * @module
 */
import { internalError } from "../../base/errors.ts";
import type { CaikitFace } from "../../model/caikit_face.ts";
import type { WireCaikitFace } from "./code_messages.ts";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

/** What is wrong with `face` as a Caikit face, or null. */
function faceProblem(face: Record<string, unknown>): string | null {
  if (!text(face.library)) return "has no library (a non-empty string)";
  const module = face.module;
  if (!isObject(module) || !text(module.id) || !text(module.name) || !text(module.version)) {
    return "needs module: {id, name, version} (non-empty strings)";
  }
  const task = face.task;
  if (!isObject(task) || !text(task.name) || !Array.isArray(task.parameters)) {
    return "needs task: {name, parameters: [...], output}";
  }
  const output = task.output;
  if (!isObject(output) || output.kind !== "object" || !Array.isArray(output.fields)) {
    return 'needs task.output: a data object ({kind: "object", package, name, fields})';
  }
  for (const name of ["toInput", "toOutput"]) {
    if (face[name] !== undefined && typeof face[name] !== "function") {
      return `has a ${name} that is not a function`;
    }
  }
  return null;
}

/**
 * The face `face` (a module's `caikit`, as the model code `code` declared
 * it) as it crosses: its data copied as plain JSON, and which conversions
 * it has. An `internal` RuntimeError saying what is missing when it is not
 * a Caikit face (the model's load fails with it).
 */
export function wireCaikitFace(face: unknown, code: string): WireCaikitFace {
  const problem = isObject(face) ? faceProblem(face) : "is not an object";
  if (problem !== null) {
    throw internalError(`model code ${code}: its module's Caikit face (caikit) ${problem}`);
  }
  const declared = face as unknown as CaikitFace;
  const data = { library: declared.library, module: declared.module, task: declared.task };
  return {
    face: JSON.parse(JSON.stringify(data)),
    toInput: typeof declared.toInput === "function",
    toOutput: typeof declared.toOutput === "function",
  };
}

/** How the host side asks the worker to run one of the face's conversions. */
export type CaikitConversion = (
  call:
    | { readonly method: "caikitInput"; readonly parameters: Readonly<Record<string, unknown>> }
    | { readonly method: "caikitOutput"; readonly result: unknown },
) => Promise<unknown>;

/**
 * The face the server serves for a crossed `wire` face: its data, and
 * conversions (when the module has them) that run in the worker through
 * `convert` — so `toInput` and `toOutput` answer promises.
 */
export function servedCaikitFace(wire: WireCaikitFace, convert: CaikitConversion): CaikitFace {
  return {
    ...wire.face,
    ...(wire.toInput
      ? { toInput: (parameters) => convert({ method: "caikitInput", parameters }) }
      : {}),
    ...(wire.toOutput ? { toOutput: (result) => convert({ method: "caikitOutput", result }) } : {}),
  };
}
