/**
 * Every mode and its command line (each declared in its own
 * `<mode>_flags.ts`), in the order the program's help lists them, and the
 * typed options of each.
 *
 * @module
 */
import { CHECK_MODE, type CheckOptions } from "./check_flags.ts";
import { EMIT_MANIFESTS_MODE, type EmitManifestsOptions } from "./emit_manifests_flags.ts";
import { HEALTH_CHECK_MODE, type HealthCheckOptions } from "./health_check_flags.ts";
import { INFER_MODE, type InferOptions } from "./infer_flags.ts";
import { INIT_MODE, type InitOptions } from "./init_flags.ts";
import type { ModeSpec } from "./mode_spec.ts";
import { PREDICT_MODE, type PredictOptions } from "./predict_flags.ts";
import { SCAFFOLD_MODE, type ScaffoldOptions } from "./scaffold_flags.ts";
import { SERVE_MODE, type ServeOptions } from "./serve_flags.ts";
import { TRAIN_MODE, type TrainOptions } from "./train_flags.ts";

/** The typed options of each mode. */
export interface ModeOptions {
  /** `--serve` (the default). */
  readonly serve: ServeOptions;
  /** `--infer`. */
  readonly infer: InferOptions;
  /** `--train DATA.csv`. */
  readonly train: TrainOptions;
  /** `--check`. */
  readonly check: CheckOptions;
  /** `--health-check`. */
  readonly "health-check": HealthCheckOptions;
  /** `--scaffold MODEL.onnx`. */
  readonly scaffold: ScaffoldOptions;
  /** `--init DIR`. */
  readonly init: InitOptions;
  /** `--predict DATA.csv`. */
  readonly predict: PredictOptions;
  /** `--emit-manifests DIR`. */
  readonly "emit-manifests": EmitManifestsOptions;
}

/** The modes the program runs in. */
export type Mode = keyof ModeOptions;

/** Each mode's command line. */
export const MODE_SPECS: { readonly [M in Mode]: ModeSpec } = {
  serve: SERVE_MODE,
  infer: INFER_MODE,
  train: TRAIN_MODE,
  check: CHECK_MODE,
  "health-check": HEALTH_CHECK_MODE,
  scaffold: SCAFFOLD_MODE,
  init: INIT_MODE,
  predict: PREDICT_MODE,
  "emit-manifests": EMIT_MANIFESTS_MODE,
};

/** Every mode, in the order the help lists them. */
export const MODES: readonly Mode[] = Object.keys(MODE_SPECS) as Mode[];
