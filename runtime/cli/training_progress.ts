/**
 * How a training run shows its progress on stderr: on a terminal a live bar
 * (cli-progress) with the candidate `--model auto` is fitting, the step,
 * loss, validation accuracy and ETA (a new bar per candidate); otherwise a
 * plain line at most every few seconds, led by the candidate; with
 * `--quiet` nothing.
 *
 * @module
 */
import cliProgress from "cli-progress";
import process from "node:process";
import type { TrainingStep } from "../train/training_curve.ts";

/** Seconds between plain progress lines when stderr is not a terminal. */
export const PLAIN_INTERVAL_SECONDS = 3;

/** A progress display: hears steps, and is stopped once. */
export interface TrainingProgress {
  /** Shows one step. */
  step(step: TrainingStep): void;
  /** Finishes the bar (if any); a later step starts a new one. Idempotent. */
  stop(): void;
}

const accuracyText = (value: number) => (Number.isNaN(value) ? "n/a" : value.toFixed(4));

/** The display for this process: `quiet` silences it; `line` writes a plain line. */
export function trainingProgress(
  quiet: boolean,
  line: (text: string) => void,
  isTerminal: boolean = Deno.stderr.isTerminal(),
): TrainingProgress {
  if (quiet) return { step() {}, stop() {} };
  if (!isTerminal) {
    let last = -Infinity;
    let candidate: string | undefined;
    return {
      step(step) {
        const now = performance.now();
        // A new `--model auto` candidate is shown at once; otherwise every few seconds.
        if (now - last < PLAIN_INTERVAL_SECONDS * 1000 && step.candidate === candidate) return;
        last = now;
        candidate = step.candidate;
        line(
          (step.candidate === undefined ? "" : `${step.candidate}: `) +
            `${step.unit} ${step.step}/${step.maxSteps}: loss ${step.loss.toFixed(4)}, ` +
            `validation ${step.metric ?? "accuracy"} ${accuracyText(step.validationAccuracy)}`,
        );
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar({
    format: "{candidate}{bar} {unit} {value}/{total} | loss {loss} | val {metric} {accuracy} | " +
      "ETA {eta_formatted}",
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  let last = 0;
  let phase = "";
  const finish = () => {
    if (!started) return;
    // The optimiser may converge before its step limit: show the bar full.
    bar.setTotal(last);
    bar.update(last);
    bar.stop();
    started = false;
  };
  return {
    step(step) {
      // Each `--model auto` candidate (and the final fit) gets a bar of its own.
      const stepPhase = `${step.candidate ?? ""}/${step.unit}`;
      if (stepPhase !== phase) finish();
      phase = stepPhase;
      last = step.step;
      const payload = {
        candidate: step.candidate === undefined ? "" : `${step.candidate} `,
        unit: step.unit,
        loss: step.loss.toFixed(4),
        accuracy: accuracyText(step.validationAccuracy),
        metric: step.metric ?? "acc",
      };
      if (!started) {
        bar.start(step.maxSteps, step.step, payload);
        started = true;
      } else {
        bar.update(step.step, payload);
      }
    },
    stop: finish,
  };
}
