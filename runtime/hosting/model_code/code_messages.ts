/**
 * The messages between a code model's host side ({@link CodeModelWrapper},
 * code_wrapper.ts) and the Web Worker that runs the bundle's model code
 * (code_worker.ts). Everything crosses by structured clone: files are Maps
 * of bytes, tensors typed arrays; errors travel as their kind and message
 * and become RuntimeErrors again on the other side.
 *
 * @module
 */
import { asRuntimeError, type ErrorKind, RuntimeError } from "../../base/errors.ts";
import type { Bundle } from "../../bundle/types.ts";
import type { CaikitFace } from "../../model/caikit_face.ts";
import type { InputFiles, ItemResult, OutputFiles, RunOptions } from "../../model/contract.ts";
import type { Tensor, TensorSignature } from "../../model/tensors.ts";

/** An error as it crosses: its kind and message. */
export interface WireError {
  /** The RuntimeError kind (`internal` for anything that was not one). */
  readonly kind: ErrorKind;
  /** The message, as the model wrote it. */
  readonly message: string;
}

/** One item's result as it crosses: its files, or its error. */
export type WireItemResult =
  | { readonly ok: true; readonly files: OutputFiles }
  | { readonly ok: false; readonly error: WireError };

/** A call the host makes on the model code. */
export type CodeCall =
  | {
    readonly method: "handleInput";
    readonly input: InputFiles;
    readonly options: RunOptions;
  }
  | {
    readonly method: "handleBatch";
    readonly inputs: readonly InputFiles[];
    readonly options: RunOptions;
  }
  | {
    readonly method: "infer";
    readonly inputs: readonly Tensor[];
    readonly outputNames: readonly string[];
  }
  /** The Caikit face's `toInput` on a task's parameters (Caikit JSON). */
  | { readonly method: "caikitInput"; readonly parameters: Readonly<Record<string, unknown>> }
  /** The Caikit face's `toOutput` on the module's result. */
  | { readonly method: "caikitOutput"; readonly result: unknown };

/** What the host sends the worker. */
export type CodeRequest =
  | { readonly type: "load"; readonly bundle: Bundle }
  | { readonly type: "call"; readonly id: number; readonly call: CodeCall }
  | { readonly type: "ping"; readonly id: number }
  | { readonly type: "close" };

/** The tensor face the model code declared, if any. */
export interface WireTensorFace {
  /** Declared inputs. */
  readonly inputs: readonly TensorSignature[];
  /** Declared outputs. */
  readonly outputs: readonly TensorSignature[];
}

/**
 * The Caikit face a code module declared, as it crosses: its plain data
 * (no functions; no training — training through Caikit is for registered
 * modules), and which conversions the worker runs for it.
 */
export interface WireCaikitFace {
  /** The face's data: library, module identity, task. */
  readonly face: Omit<CaikitFace, "toInput" | "toOutput" | "training">;
  /** Whether it has `toInput` (run in the worker on each Caikit call). */
  readonly toInput: boolean;
  /** Whether it has `toOutput` (run in the worker on each Caikit answer). */
  readonly toOutput: boolean;
}

/** What the worker answers. */
export type CodeReply =
  | {
    readonly type: "loaded";
    /** What the code exported: a wrapper, or a lifecycle module (served by moduleWrapper). */
    readonly exported: "wrapper" | "module";
    readonly tensorFace: WireTensorFace | null;
    /** The exported module's Caikit face, if it declares one. */
    readonly caikit: WireCaikitFace | null;
    /** The class Caikit's errors name: the module's `info.name`, or the wrapper's class. */
    readonly modelClass: string | null;
  }
  | { readonly type: "load-failed"; readonly error: WireError }
  | { readonly type: "answer"; readonly id: number; readonly value: unknown }
  | { readonly type: "failed"; readonly id: number; readonly error: WireError }
  | { readonly type: "pong"; readonly id: number }
  | { readonly type: "closed" }
  /** An error the model code raised outside any call (a stray rejection): logged. */
  | { readonly type: "stray"; readonly error: WireError };

/** `error` as it crosses. */
export function toWireError(error: unknown): WireError {
  const failure = asRuntimeError(error);
  return { kind: failure.kind, message: failure.message };
}

/** A crossed error as a RuntimeError of this side. */
export function fromWireError(error: WireError): RuntimeError {
  return new RuntimeError(error.kind, error.message);
}

/** Item results as they cross. */
export function toWireResults(results: readonly ItemResult[]): WireItemResult[] {
  return results.map((result) =>
    result instanceof Error
      ? { ok: false, error: toWireError(result) }
      : { ok: true, files: result }
  );
}

/** Crossed item results as this side's files and RuntimeErrors. */
export function fromWireResults(results: readonly WireItemResult[]): ItemResult[] {
  return results.map((result) => result.ok ? result.files : fromWireError(result.error));
}
