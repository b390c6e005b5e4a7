/**
 * gRPC services mounted before their code is loaded. The server mounts a
 * stand-in for each (from its compiled definition, so health and reflection
 * see it from the start); a call that arrives before the real service
 * waits for it instead of failing UNIMPLEMENTED, and asks for it to be
 * loaded now. When the real service is mounted through {@link
 * DeferredServices.mount}, waiting calls go on to it and later calls go
 * straight to it.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import {
  inRequestContext,
  ownRequestId,
  type ServiceMount,
  serviceName,
} from "../protocols/wire/service_mount.ts";

/** The stand-ins and the mount that replaces them. */
export interface DeferredServices {
  /**
   * Mounts services: a deferred one's implementation replaces its stand-in
   * (it is not added to the server a second time); any other is added.
   */
  readonly mount: ServiceMount;
}

type Handler = (call: unknown, callback: unknown) => unknown;

/**
 * Mounts a stand-in on `mount` for each of `definitions`. `requested` is
 * called when a call arrives before its real service.
 */
export function deferServices(
  mount: ServiceMount,
  definitions: readonly grpc.ServiceDefinition[],
  requested: () => void,
): DeferredServices {
  const waiting = new Map<
    string,
    {
      definition: grpc.ServiceDefinition;
      arrival: PromiseWithResolvers<grpc.UntypedServiceImplementation>;
    }
  >();
  for (const definition of definitions) {
    const arrival = Promise.withResolvers<grpc.UntypedServiceImplementation>();
    waiting.set(serviceName(definition), { definition, arrival });
    const standIn: grpc.UntypedServiceImplementation = {};
    for (const [method, attributes] of Object.entries(definition)) {
      // The stand-in is mounted without a request context; the real handler gets
      // one here unless it passes its request id along itself (service_mount.ts).
      const pick = (implementation: grpc.UntypedServiceImplementation) =>
        inRequestContext(
          (implementation[method] ??
            implementation[attributes.originalName ?? method]) as grpc.UntypedHandleCall,
        ) as unknown as Handler;
      // Once the real service is there, a call costs one extra function call.
      let real: Handler | null = null;
      void arrival.promise.then((implementation) => real = pick(implementation));
      // grpc-js calls every handler with (call) or (call, callback).
      standIn[method] = ownRequestId(
        ((call: unknown, callback: unknown) => {
          if (real) return real(call, callback);
          requested();
          void arrival.promise.then((implementation) => pick(implementation)(call, callback));
        }) as unknown as grpc.UntypedHandleCall,
      );
    }
    mount.addService(definition, standIn);
  }
  return {
    mount: {
      ...mount,
      addService(definition, implementation) {
        const deferred = waiting.get(serviceName(definition));
        if (!deferred) return mount.addService(definition, implementation);
        // The stand-in's definition (serializers included) is what the server uses.
        if (deferred.definition !== definition) {
          throw new Error(
            `${serviceName(definition)} must be mounted with the definition its stand-in has`,
          );
        }
        deferred.arrival.resolve(implementation);
      },
    },
  };
}
