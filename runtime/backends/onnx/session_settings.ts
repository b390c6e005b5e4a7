/**
 * onnxruntime session settings a bundle can give in model.yaml, under
 * `module.config.onnx_session`:
 *
 * ```yaml
 * module:
 *   config:
 *     onnx_session:
 *       intra_op_threads: 1        # threads inside one operator (0: onnxruntime decides)
 *       inter_op_threads: 1        # threads across operators (0: onnxruntime decides)
 *       graph_optimization_level: all   # disabled | basic | extended | all
 * ```
 *
 * Absent keys take the module's defaults; a wrong value is an `internal`
 * error naming the key (a broken bundle is a deployment fault).
 *
 * @module
 */
import { internalError } from "../../base/errors.ts";
import type { OnnxSessionOptions } from "./session.ts";

/** The key under `module.config` that holds the settings. */
export const ONNX_SESSION_KEY = "onnx_session";

const LEVELS = ["disabled", "basic", "extended", "all"] as const;

/**
 * Defaults for small models (a linear classifier runs in tens of
 * microseconds): one thread each, so no thread pool wakes up or spins per
 * call and the serving thread keeps the other cores; full graph optimisation.
 */
export const SMALL_MODEL_SESSION_OPTIONS: OnnxSessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: "all",
};

/**
 * Reads `module.config.onnx_session` from a raw module config over
 * `defaults`; `file` (the model.yaml path) starts every error message.
 */
export function onnxSessionOptions(
  config: Readonly<Record<string, unknown>>,
  file: string,
  defaults: OnnxSessionOptions = {},
): OnnxSessionOptions {
  const raw = config[ONNX_SESSION_KEY];
  if (raw === undefined || raw === null) return defaults;
  const where = `${file}: module.config.${ONNX_SESSION_KEY}`;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw internalError(`${where}: must be a mapping, got ${JSON.stringify(raw)}`);
  }
  const settings = raw as Record<string, unknown>;
  const known = new Set(["intra_op_threads", "inter_op_threads", "graph_optimization_level"]);
  for (const key of Object.keys(settings)) {
    if (!known.has(key)) {
      throw internalError(`${where}.${key}: unknown setting; known: ${[...known].join(", ")}`);
    }
  }
  const threads = (key: string, fallback: number | undefined) => {
    const value = settings[key];
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > 256) {
      throw internalError(`${where}.${key}: must be an integer from 0 to 256, got ${value}`);
    }
    return value;
  };
  const level = settings.graph_optimization_level;
  if (level !== undefined && !LEVELS.includes(level as typeof LEVELS[number])) {
    throw internalError(
      `${where}.graph_optimization_level: must be one of ${LEVELS.join(", ")}, got ${level}`,
    );
  }
  return {
    ...defaults,
    intraOpNumThreads: threads("intra_op_threads", defaults.intraOpNumThreads),
    interOpNumThreads: threads("inter_op_threads", defaults.interOpNumThreads),
    graphOptimizationLevel: (level as OnnxSessionOptions["graphOptimizationLevel"]) ??
      defaults.graphOptimizationLevel,
  };
}
