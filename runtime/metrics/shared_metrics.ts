/**
 * The process-wide metrics every part reports to: the server serves them at
 * `/metrics`; the batcher calls {@link observeQueueTime} and
 * {@link observeBatchSize}; the trainer calls {@link setTrainingJobs}.
 *
 * @module
 */
import { RuntimeMetrics, type TrainingJobState } from "./runtime_metrics.ts";

/** The one metrics instance of this process. */
export const sharedMetrics: RuntimeMetrics = new RuntimeMetrics();

/** Records that a request for `model` waited `seconds` before its batch ran. */
export function observeQueueTime(model: string, seconds: number): void {
  sharedMetrics.observeQueueTime(model, seconds);
}

/** Records one model call of `size` items (or tensor rows) for `model`. */
export function observeBatchSize(model: string, size: number): void {
  sharedMetrics.observeBatchSize(model, size);
}

/** Sets how many training jobs are in `state` (queued, running, succeeded, failed, cancelled). */
export function setTrainingJobs(state: TrainingJobState, count: number): void {
  sharedMetrics.setTrainingJobs(state, count);
}
