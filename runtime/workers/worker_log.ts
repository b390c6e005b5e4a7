/**
 * The log of a serving worker: every line names the worker (`worker=2`),
 * so the workers' lines, written to the one stderr they share, read as one
 * stream.
 *
 * @module
 */
import type { LogFields, Logger } from "../base/log.ts";

/** `log` with `worker: number` on every line. */
export function workerLogger(log: Logger, worker: number): Logger {
  const withWorker = (fields?: LogFields) => ({ worker, ...fields });
  return {
    debug: (message, fields) => log.debug(message, withWorker(fields)),
    info: (message, fields) => log.info(message, withWorker(fields)),
    warn: (message, fields) => log.warn(message, withWorker(fields)),
    error: (message, fields) => log.error(message, withWorker(fields)),
    enabled: log.enabled && ((level) => log.enabled!(level)),
  };
}
