/**
 * How a training run shows its progress on stderr: first the CSV being read
 * (megabytes read of the file's size, with an ETA), then on a terminal a
 * live bar (cli-progress) with the candidate `--model auto` is fitting, the
 * step, loss, validation accuracy and ETA (a new bar per candidate);
 * otherwise a plain line at most every few seconds, led by the candidate and
 * ending with the ETA once one is known; with `--quiet` nothing.
 *
 * @module
 */
import cliProgress from "cli-progress";
import process from "node:process";
import type { TrainingStep } from "../train/training_curve.ts";

/** Seconds between plain progress lines when stderr is not a terminal. */
export const PLAIN_INTERVAL_SECONDS = 3;

/** A progress display: hears the reading and the steps, and is stopped once. */
export interface TrainingProgress {
  /** Shows how much of the CSV has been read. */
  read(bytesRead: number, totalBytes: number): void;
  /** Shows one step. */
  step(step: TrainingStep): void;
  /** Finishes the bar (if any); a later step starts a new one. Idempotent. */
  stop(): void;
}

const accuracyText = (value: number) => (Number.isNaN(value) ? "n/a" : value.toFixed(4));
const MB = 1024 * 1024;

/** Seconds left at the pace so far (`done` of `total` after `elapsed` ms), in words; "" unknown. */
export function etaText(done: number, total: number, elapsedMs: number): string {
  if (!(done > 0) || elapsedMs <= 0 || total <= done) return "";
  const seconds = Math.round((elapsedMs / done) * (total - done) / 1000);
  return seconds >= 120 ? `, ETA ${Math.round(seconds / 60)} min` : `, ETA ${seconds} s`;
}

/** The display for this process: `quiet` silences it; `line` writes a plain line. */
export function trainingProgress(
  quiet: boolean,
  line: (text: string) => void,
  isTerminal: boolean = Deno.stderr.isTerminal(),
): TrainingProgress {
  if (quiet) return { read() {}, step() {}, stop() {} };
  if (!isTerminal) {
    let last = -Infinity;
    let candidate: string | undefined;
    let phase = "";
    let phaseStart = 0;
    let phaseFirst = 0;
    let readStart = -1;
    return {
      read(bytesRead, totalBytes) {
        const now = performance.now();
        if (readStart < 0) readStart = now;
        if (now - last < PLAIN_INTERVAL_SECONDS * 1000 && bytesRead < totalBytes) return;
        last = now;
        line(
          `reading the CSV: ${(bytesRead / MB).toFixed(0)}/${(totalBytes / MB).toFixed(0)} MB` +
            etaText(bytesRead, totalBytes, now - readStart),
        );
      },
      step(step) {
        const now = performance.now();
        const stepPhase = `${step.candidate ?? ""}/${step.unit}`;
        if (stepPhase !== phase) {
          phase = stepPhase;
          phaseStart = now;
          phaseFirst = step.step;
        }
        // A new `--model auto` candidate is shown at once; otherwise every few seconds.
        if (now - last < PLAIN_INTERVAL_SECONDS * 1000 && step.candidate === candidate) return;
        last = now;
        candidate = step.candidate;
        line(
          (step.candidate === undefined ? "" : `${step.candidate}: `) +
            `${step.unit} ${step.step}/${step.maxSteps}: loss ${step.loss.toFixed(4)}, ` +
            `validation ${step.metric ?? "accuracy"} ${accuracyText(step.validationAccuracy)}` +
            etaText(step.step - phaseFirst, step.maxSteps - phaseFirst, now - phaseStart),
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
  let reading: InstanceType<typeof cliProgress.SingleBar> | undefined;
  return {
    read(bytesRead, totalBytes) {
      if (reading === undefined) {
        reading = new cliProgress.SingleBar({
          format: "reading the CSV {bar} {value}/{total} MB | ETA {eta_formatted}",
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: false,
        }, cliProgress.Presets.shades_classic);
        reading.start(Math.ceil(totalBytes / MB), 0);
      }
      reading.update(Math.floor(bytesRead / MB));
      if (bytesRead >= totalBytes) reading.stop();
    },
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
