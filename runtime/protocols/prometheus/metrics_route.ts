/**
 * `GET /metrics`: the Prometheus text exposition, as a route of the HTTP server.
 *
 * @module
 */
import type { HttpRoute } from "../wire/http_route.ts";
import type { RuntimeMetrics } from "../../metrics/runtime_metrics.ts";

/** The `/metrics` route answering `metrics` in Prometheus text format. */
export function metricsRoute(metrics: RuntimeMetrics): HttpRoute {
  return {
    method: "GET",
    path: "/metrics",
    role: "open",
    handle: async () =>
      new Response(await metrics.text(), { headers: { "content-type": metrics.contentType } }),
  };
}
