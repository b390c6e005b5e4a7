/**
 * The Web Worker that runs one training job off the serving thread: it
 * receives a {@link TrainingJobRequest}, runs {@link trainAnyModel}, and
 * posts progress, then `done` or `failed`. The job manager starts it with a
 * static `new URL("./training_worker.ts", import.meta.url)` so
 * `deno compile` can find it.
 *
 * @module
 */
import { asRuntimeError } from "../base/errors.ts";
import { trainAnyModel } from "./train_any.ts";
import type { TrainingJobMessage, TrainingJobRequest } from "./training_job_messages.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<TrainingJobRequest>) => void) | null;
  postMessage(message: TrainingJobMessage): void;
  close(): void;
};

/** Trains `request` and posts what happens; never throws. */
async function runJob(request: TrainingJobRequest): Promise<void> {
  let lastStep = 0;
  try {
    const report = await trainAnyModel({
      csvPath: request.csvPath,
      csvText: request.csvText,
      outDir: request.outDir,
      name: request.name,
      label: request.label,
      model: request.model,
      task: request.task,
      seed: request.seed,
      bundleVersion: request.version,
      records: request.records,
      moduleParams: request.moduleParams,
      scratchDir: request.scratchDir,
      progress: (line) => scope.postMessage({ type: "line", line }),
      onStep: (step) => {
        const now = performance.now();
        if (now - lastStep < 100 && step.step < step.maxSteps) return;
        lastStep = now;
        scope.postMessage({
          type: "step",
          fraction: step.step / step.maxSteps,
          line: `${step.unit} ${step.step}: loss ${step.loss.toFixed(4)}, validation ` +
            `${step.metric ?? "accuracy"} ` +
            `${Number.isNaN(step.validationAccuracy) ? "n/a" : step.validationAccuracy.toFixed(4)}`,
        });
      },
    });
    scope.postMessage({
      type: "done",
      bundleDir: report.bundleDir,
      version: report.version,
      metrics: report.metrics,
      regressionMetrics: report.regressionMetrics,
      model: report.model,
    });
  } catch (error) {
    const failure = asRuntimeError(error);
    scope.postMessage({ type: "failed", kind: failure.kind, message: failure.message });
  }
}

scope.onmessage = (event) => void runJob(event.data);
