/**
 * The `tabular-regressor` module: serves a regression bundle written by the
 * trainer (an ONNX graph `features` [batch, F] -> `prediction` [batch, 1]).
 * Each item is one `input.json` row, read exactly as the classifier reads
 * it; its answer is `results.json`,
 * `{"data":{"result":{"prediction":<number>},"explanation":null,"drift":null}}`.
 * A batch is answered with one onnxruntime call for all valid items; an
 * invalid item gets its own error and does not disturb the others.
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
import type { TensorModel } from "../model/tensors.ts";
import type { OnnxSession } from "../backends/onnx/session.ts";
import { PREDICTION_OUTPUT, predictionOutput, runPredictions } from "./regression_model.ts";
import { openTabularSession } from "./tabular_session.ts";
import { parseTabularRegressorConfig, type TabularRegressorConfig } from "./tabular_config.ts";
import { readFeatureRow } from "./tabular_input.ts";
import { tabularRegressorTensorModel } from "./tabular_regressor_face.ts";
import { emptyTextValues, textFeeds } from "./tabular_pipeline.ts";

/**
 * A {@link ModelWrapper} for bundles whose `module.id` is
 * `tabular-regressor`.
 *
 * @example
 * ```ts ignore
 * import { loadBundle } from "../bundle/load.ts";
 * import { TabularRegressor } from "./tabular_regressor.ts";
 * const model = new TabularRegressor();
 * await model.initialize({ bundle: await loadBundle("bundles/diabetes/0.1.0") });
 * ```
 */
export class TabularRegressor implements ModelWrapper {
  #prepared: { config: TabularRegressorConfig; session: OnnxSession } | undefined;

  /**
   * Validates `module.config`, opens the ONNX artifact (session settings
   * from `module.config.onnx_session`), checks its interface (`features`
   * float32 [batch, width] in, `prediction` float32 [batch, 1] out) and
   * warms it up with one run.
   */
  async initialize(context: ModelContext): Promise<void> {
    const { bundle } = context;
    const modelYaml = join(bundle.dir, "model.yaml");
    if (bundle.spec.module === null) {
      throw internalError(`${modelYaml}: module: is missing; expected module.config`);
    }
    const config = parseTabularRegressorConfig(bundle.spec.module.config, modelYaml);
    const session = await openTabularSession(bundle, join(bundle.dir, config.artifact), {
      width: config.width,
      output: { name: PREDICTION_OUTPUT, columns: 1 },
    });
    await this.close();
    this.#prepared = { config, session };
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

  /** The tensor face (tabular_regressor_face.ts): `prediction` FP32 [batch, 1] out. */
  tensorModel(): TensorModel | null {
    const prepared = this.#prepared;
    return prepared ? tabularRegressorTensorModel(prepared.session, prepared.config) : null;
  }

  /** Releases the ONNX session. */
  async close(): Promise<void> {
    const prepared = this.#prepared;
    this.#prepared = undefined;
    if (prepared !== undefined) await prepared.session.close();
  }

  async #answer(inputs: readonly InputFiles[]): Promise<ItemResult[]> {
    const prepared = this.#prepared;
    if (prepared === undefined) throw notReady("the tabular regressor is not initialised");
    const { config, session } = prepared;
    const width = config.width;
    const layout = { fileName: config.input, features: config.features, pipeline: config.pipeline };
    const buffer = new Float32Array(inputs.length * width);
    const results: ItemResult[] = new Array(inputs.length);
    const validItems: number[] = [];
    const texts = emptyTextValues(config.pipeline);
    for (let item = 0; item < inputs.length; item++) {
      try {
        readFeatureRow(inputs[item], layout, buffer, validItems.length * width, texts);
        validItems.push(item);
      } catch (error) {
        results[item] = error as Error;
      }
    }
    if (validItems.length === 0) return results;
    const predictions = await runPredictions(
      session,
      buffer,
      validItems.length,
      width,
      textFeeds(config.pipeline, texts),
    );
    validItems.forEach((item, row) => {
      results[item] = new Map([[config.output, predictionOutput(predictions[row])]]);
    });
    return results;
  }
}
