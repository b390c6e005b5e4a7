/**
 * The model contract: what a model author implements so the runtime can serve
 * it. It follows the Modzy wrapper shape (initialise once, handle one input,
 * optionally handle a batch): inputs and outputs are files, a map from file
 * name (as declared in model.yaml) to bytes.
 *
 * @module
 */
import type { Bundle } from "../bundle/types.ts";
import type { TensorModel } from "./tensors.ts";

/** Input files of one item: file name (e.g. `input.json`) to its bytes. */
export type InputFiles = ReadonlyMap<string, Uint8Array>;

/** Output files of one item: file name (e.g. `results.json`) to its bytes. */
export type OutputFiles = Map<string, Uint8Array>;

/** Per-request options of the Modzy contract. */
export interface RunOptions {
  /** The caller asked for drift detection (`detect_drift`). */
  readonly detectDrift: boolean;
  /** The caller asked for an explanation (`explain`). */
  readonly explain: boolean;
}

/**
 * The result of one item of a batch: its output files, or the error that
 * failed that item alone (its neighbours are unaffected).
 */
export type ItemResult = OutputFiles | Error;

/** What a model receives when it is initialised. */
export interface ModelContext {
  /** The validated asset bundle the model is served from. */
  readonly bundle: Bundle;
}

/**
 * A servable model. `initialize` loads weights once; `handleInput` answers one
 * item; `handleBatch`, when present, answers several items in one call and
 * must return exactly one result per input, in order. Throw a
 * {@link RuntimeError} of kind `bad_request` for input the caller can fix.
 */
export interface ModelWrapper {
  /** Loads weights and prepares everything the hot path needs. */
  initialize(context: ModelContext): Promise<void>;
  /** Answers one item. */
  handleInput(input: InputFiles, options: RunOptions): Promise<OutputFiles>;
  /** Answers several items at once; one result per input, in order. */
  handleBatch?(inputs: readonly InputFiles[], options: RunOptions): Promise<ItemResult[]>;
  /**
   * The model's tensor face, for tensor protocols (Open Inference Protocol);
   * asked after `initialize`. Absent or null: the model serves files only.
   */
  tensorModel?(): TensorModel | null;
  /** Releases what `initialize` acquired. */
  close?(): Promise<void>;
}
