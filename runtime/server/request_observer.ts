/**
 * What the serving process does with each request the data plane reports:
 * count it in the metrics and write one log line (debug when it went well,
 * warn when it failed), which carries the request id of the call.
 *
 * @module
 */
import type { DataPlaneObserver, RequestRecord } from "../core/data_plane.ts";
import type { Logger } from "../base/log.ts";
import type { RuntimeMetrics } from "../metrics/runtime_metrics.ts";

/** An observer feeding `metrics` and `log` from every request record. */
export function requestObserver(metrics: RuntimeMetrics, log: Logger): DataPlaneObserver {
  return {
    onRequest(record: RequestRecord) {
      metrics.observeRequest(record);
      // Debug is off by default: build no fields for a line that would be dropped.
      if (!record.error && log.enabled?.("debug") === false) return;
      const fields = {
        // A door that skips the request context (its hot methods) passes the id in the record.
        ...(record.requestId === undefined ? {} : { request_id: record.requestId }),
        door: record.door,
        model: record.model,
        operation: record.operation,
        ms: Math.round(record.ms * 100) / 100,
        items: record.items,
        failed_items: record.failedItems,
      };
      if (record.error) {
        log.warn("request failed", {
          ...fields,
          kind: record.error.kind,
          reason: record.error.message,
        });
      } else {
        log.debug("request", fields);
      }
    },
  };
}
