/**
 * The Prometheus exposition's descriptor: `GET /metrics` on the HTTP port
 * (open to anyone), mounted late, when the server was given metrics.
 *
 * @module
 */
import type { ProtocolDescriptor } from "../protocol.ts";

/** `/metrics` on the HTTP port. */
export const prometheusProtocol: ProtocolDescriptor = {
  name: "prometheus",
  doors: [],
  stage: "late",
  services: () => [],
  enabled: (settings) => settings.metrics && settings.http,
  async mount(context) {
    if (!context.metrics) return {};
    const { metricsRoute } = await import("./metrics_route.ts");
    return { routes: [metricsRoute(context.metrics)] };
  },
};
