/**
 * The process-wide metrics: what `serveModel` counts into (and serves at
 * `/metrics`) when its caller passes no `metrics` of its own.
 *
 * @module
 */
import { RuntimeMetrics, type TrainingJobState } from "./runtime_metrics.ts";

/** The one metrics instance of this process. */
export const sharedMetrics: RuntimeMetrics = new RuntimeMetrics();

/** Sets how many training jobs are in `state` (queued, running, succeeded, failed, cancelled). */
export function setTrainingJobs(state: TrainingJobState, count: number): void {
  sharedMetrics.setTrainingJobs(state, count);
}
