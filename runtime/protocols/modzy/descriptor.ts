/**
 * The Modzy protocol's descriptor: the `ModzyModel` service (Status, Run,
 * Shutdown) mounted at start, so the first Status is answered as soon as the
 * model is loaded; Shutdown is admin; health reports it SERVING while the
 * default model is ready.
 *
 * @module
 */
import type { ProtocolDescriptor } from "../protocol.ts";
import {
  addModzyService,
  MODZY_DOOR,
  MODZY_PROTO,
  MODZY_SERVICE,
  modzyServiceDefinition,
} from "./modzy_service.ts";

/** The Modzy protocol. */
export const modzyProtocol: ProtocolDescriptor = {
  name: "modzy",
  doors: [MODZY_DOOR],
  stage: "start",
  protoFiles: [MODZY_PROTO],
  services: () => [{
    name: MODZY_SERVICE,
    definition: modzyServiceDefinition,
    adminMethods: ["Shutdown"],
    serving: (dataPlane) => {
      if (dataPlane.draining) return false;
      const name = dataPlane.registry.defaultName;
      return name !== null && dataPlane.registry.has(name) &&
        dataPlane.registry.get(name).host.ready;
    },
  }],
  mount(context) {
    addModzyService(context, {
      dataPlane: context.dataPlane,
      log: context.log,
      onShutdown: () => context.requestStop(),
      onStatusAnswered: () => context.firstStatusAnswered(),
      reportInitialized: context.group
        ? (model) => context.group!.reportInitialized(model)
        : undefined,
    });
    return {};
  },
};
