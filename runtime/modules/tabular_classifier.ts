/**
 * The `tabular-classifier` module: serves a bundle written by the trainer
 * (an ONNX graph `features` [batch, F] -> `probabilities` [batch, C]). Each
 * item is one `input.json` row; its answer is `results.json` with every
 * class and its rounded probability, most likely first. A batch is answered
 * with one onnxruntime call for all valid items; an invalid item gets its own
 * error and does not disturb the others.
 *
 * @module
 */
import { join } from "node:path";
import { internalError, notReady } from "../base/errors.ts";
import type {
  InputFiles,
  ItemResult,
  ModelContext,
  ModelWrapper,
  OutputFiles,
  RunOptions,
} from "../model/contract.ts";
import type { OnnxSession } from "../backends/onnx/session.ts";
import { type ClassPredictionsWriter, classPredictionsWriter } from "./class_predictions.ts";
import { PROBABILITIES_OUTPUT, runProbabilities } from "./probability_model.ts";
import { openTabularSession } from "./tabular_session.ts";
import { parseTabularClassifierConfig, type TabularClassifierConfig } from "./tabular_config.ts";
import { readFeatureRow } from "./tabular_input.ts";
import type { TensorModel } from "../model/tensors.ts";
import { tabularTensorModel } from "./tabular_tensor_face.ts";
import { tabularColumnsTensorModel } from "./tabular_columns_face.ts";
import { emptyTextValues, isPlainNumeric, textFeeds } from "./tabular_pipeline.ts";

/** Everything the hot path needs, prepared once by `initialize`. */
interface Prepared {
  readonly config: TabularClassifierConfig;
  readonly session: OnnxSession;
  /** Reusable input buffer for `maxBatchSize` rows. */
  readonly buffer: Float32Array;
  /** Writes one row's results file (labels quoted once). */
  readonly writeResults: ClassPredictionsWriter;
}

/**
 * A {@link ModelWrapper} for bundles whose `module.id` is
 * `tabular-classifier`.
 *
 * @example
 * ```ts ignore
 * import { loadBundle } from "../bundle/load.ts";
 * import { TabularClassifier } from "./tabular_classifier.ts";
 * const model = new TabularClassifier();
 * await model.initialize({ bundle: await loadBundle("asset_bundle/0.1.0") });
 * const input = new Map([["input.json", new TextEncoder().encode("[5.1, 3.5, 1.4, 0.2]")]]);
 * const output = await model.handleInput(input, { detectDrift: false, explain: false });
 * ```
 */
export class TabularClassifier implements ModelWrapper {
  #prepared: Prepared | undefined;
  #bufferInUse = false;

  /**
   * Validates `module.config`, opens the ONNX artifact (session settings from
   * `module.config.onnx_session`, one thread each by default), checks its
   * interface and warms it up with one run.
   */
  async initialize(context: ModelContext): Promise<void> {
    const { bundle } = context;
    const modelYaml = join(bundle.dir, "model.yaml");
    if (bundle.spec.module === null) {
      throw internalError(`${modelYaml}: module: is missing; expected module.config`);
    }
    const config = parseTabularClassifierConfig(bundle.spec.module.config, modelYaml);
    const session = await openTabularSession(bundle, join(bundle.dir, config.artifact), {
      width: config.width,
      output: { name: PROBABILITIES_OUTPUT, columns: config.labels.length },
    });
    await this.close();
    const rows = Math.max(1, bundle.spec.features.maxBatchSize);
    this.#prepared = {
      config,
      session,
      buffer: new Float32Array(rows * config.width),
      writeResults: classPredictionsWriter(config.labels),
    };
  }

  /** Answers one item; invalid input throws a `bad_request` RuntimeError. */
  async handleInput(input: InputFiles, _options: RunOptions): Promise<OutputFiles> {
    const [result] = await this.#answer([input]);
    if (result instanceof Error) throw result;
    return result;
  }

  /** Answers all items with one onnxruntime call; invalid items get their own error. */
  handleBatch(inputs: readonly InputFiles[], _options: RunOptions): Promise<ItemResult[]> {
    return this.#answer(inputs);
  }

  /**
   * The tensor face: `features` FP32 [batch, F] for plain numeric models
   * (tabular_tensor_face.ts), else one raw tensor per column
   * (tabular_columns_face.ts); `probabilities` and `label` out.
   */
  tensorModel(): TensorModel | null {
    const prepared = this.#prepared;
    if (!prepared) return null;
    // One-hot, hashed text or imputation: one raw tensor per column instead.
    return isPlainNumeric(prepared.config.pipeline)
      ? tabularTensorModel(prepared.session, prepared.config)
      : tabularColumnsTensorModel(prepared.session, prepared.config);
  }

  /** Releases the ONNX session. */
  async close(): Promise<void> {
    const prepared = this.#prepared;
    this.#prepared = undefined;
    if (prepared !== undefined) await prepared.session.close();
  }

  async #answer(inputs: readonly InputFiles[]): Promise<ItemResult[]> {
    const prepared = this.#prepared;
    if (prepared === undefined) throw notReady("the tabular classifier is not initialised");
    const { config, session } = prepared;
    const featureCount = config.width;
    const layout = { fileName: config.input, features: config.features, pipeline: config.pipeline };
    const useShared = !this.#bufferInUse && inputs.length * featureCount <= prepared.buffer.length;
    const buffer = useShared ? prepared.buffer : new Float32Array(inputs.length * featureCount);
    if (useShared) this.#bufferInUse = true;
    try {
      const results: ItemResult[] = new Array(inputs.length);
      const validItems: number[] = [];
      const texts = emptyTextValues(config.pipeline);
      for (let item = 0; item < inputs.length; item++) {
        try {
          readFeatureRow(inputs[item], layout, buffer, validItems.length * featureCount, texts);
          validItems.push(item);
        } catch (error) {
          results[item] = error as Error;
        }
      }
      if (validItems.length === 0) return results;
      const classCount = config.labels.length;
      const probabilities = await runProbabilities(
        session,
        buffer,
        validItems.length,
        featureCount,
        classCount,
        textFeeds(config.pipeline, texts),
      );
      const { writeResults } = prepared;
      for (let row = 0; row < validItems.length; row++) {
        const output: OutputFiles = new Map();
        results[validItems[row]] = output.set(
          config.output,
          writeResults(probabilities, row * classCount),
        );
      }
      return results;
    } finally {
      if (useShared) this.#bufferInUse = false;
    }
  }
}
