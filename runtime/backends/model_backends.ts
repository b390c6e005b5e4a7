/**
 * Every model backend the runtime serves, in the order a folder is matched
 * against them (the first whose model file a folder holds wins) — just ONNX
 * for now. Adding a backend is a folder under runtime/backends/ with its
 * descriptor, and a line here.
 *
 * @module
 */
import type { ModelBackend } from "../model/model_backend.ts";
import { ONNX_BACKEND } from "./onnx/descriptor.ts";

/** The backends, in matching order. */
export const MODEL_BACKENDS: readonly ModelBackend[] = [ONNX_BACKEND];

/**
 * The model file a folder holding `fileNames` serves, and the backend it is
 * for: the first backend (in {@link MODEL_BACKENDS} order) that picks one,
 * or null when none does.
 */
export function findModelFile(
  fileNames: readonly string[],
): { readonly backend: ModelBackend; readonly file: string } | null {
  for (const backend of MODEL_BACKENDS) {
    const file = backend.pickModelFile(fileNames);
    if (file !== null) return { backend, file };
  }
  return null;
}
