/**
 * The contract of a model backend (a model file format the runtime can
 * serve, e.g. ONNX): which files it recognises, which module serves a bare
 * file of it, and how to read a model's declared tensors. Each backend
 * describes itself once, in its folder under runtime/backends/, and the
 * repository scan, the synthesized bundles and `--scaffold` ask that
 * descriptor instead of spelling file names.
 *
 * @module
 */
import type { ModuleSpec } from "../bundle/types.ts";
import type { TensorSignature } from "./tensors.ts";

/** The declared inputs and outputs of a model, in model order. */
export interface ModelSignature {
  /** Declared inputs (-1 marks a dynamic dimension). */
  readonly inputs: readonly TensorSignature[];
  /** Declared outputs (-1 marks a dynamic dimension). */
  readonly outputs: readonly TensorSignature[];
}

/** What the runtime knows about one model backend. */
export interface ModelBackend {
  /** Short id (`onnx`). */
  readonly id: string;
  /** The file name it looks for first in a model folder (`model.onnx`). */
  readonly modelFile: string;
  /** The file name extensions of its model files, with the dot (`.onnx`). */
  readonly extensions: readonly string[];
  /** The module that serves a bare model file of this backend through its tensors. */
  readonly tensorModule: string;
  /** Whether `fileName` (no folder) is one of its model files; hidden files never are. */
  recognises(fileName: string): boolean;
  /**
   * The model file among a folder's file names: {@link ModelBackend.modelFile}
   * when present, else the only file it recognises, else null (none, or
   * several and none of them the model file).
   */
  pickModelFile(fileNames: Iterable<string>): string | null;
  /** The model.yaml `module` serving the bare model file `fileName` of a bundle folder. */
  servingModule(fileName: string): ModuleSpec;
  /**
   * Reads the declared inputs and outputs of the model in `bytes` (the
   * backend loads it to do so); a model it cannot load is an `internal`
   * RuntimeError.
   */
  introspect(bytes: Uint8Array): Promise<ModelSignature>;
}
