/**
 * The learning curve a fit records: training loss and validation accuracy
 * after each step (an L-BFGS iteration, an MLP epoch or a boosting round).
 * The training report draws it.
 *
 * @module
 */

/** What one training step is. */
export type StepUnit = "iteration" | "epoch" | "round";

/** Loss and validation accuracy per step. */
export interface TrainingCurve {
  /** What one step is. */
  readonly unit: StepUnit;
  /** Mean penalised training loss after each step. */
  readonly loss: readonly number[];
  /** Validation accuracy (or the figure named by `metric`) after each step. */
  readonly validationAccuracy: readonly number[];
  /** Which rows the validation accuracy is measured on, in words. */
  readonly validationRows: string;
  /** The validation figure's name when it is not accuracy (`R²` for a regression). */
  readonly metric?: string;
}

/** One step's figures, as reported live to a progress display. */
export interface TrainingStep {
  /** What one step is. */
  readonly unit: StepUnit;
  /** 1-based step number. */
  readonly step: number;
  /** Most steps the fit may take. */
  readonly maxSteps: number;
  /** Training loss after the step. */
  readonly loss: number;
  /** Validation accuracy (or the figure named by `metric`) after the step. */
  readonly validationAccuracy: number;
  /** The validation figure's name when it is not accuracy (`R²` for a regression). */
  readonly metric?: string;
  /** The candidate being fitted by `--model auto` (e.g. `mlp (2/3)`), or `<family> (final fit)`. */
  readonly candidate?: string;
}

/** Share of `rows` whose row of `probabilities` (row-major, `classCount` wide) peaks at the target. */
export function accuracyOf(
  probabilities: ArrayLike<number>,
  targets: ArrayLike<number>,
  classCount: number,
): number {
  const rowCount = targets.length;
  if (rowCount === 0) return 0;
  let correct = 0;
  for (let row = 0; row < rowCount; row++) {
    let best = 0;
    for (let c = 1; c < classCount; c++) {
      if (probabilities[row * classCount + c] > probabilities[row * classCount + best]) best = c;
    }
    if (best === targets[row]) correct++;
  }
  return correct / rowCount;
}
