/**
 * Mounting gRPC services on the one server: every service added through a
 * {@link ServiceMount} is remembered (so health and reflection cover exactly
 * what is mounted) and each of its calls runs inside a request context whose
 * id is the caller's `x-request-id` metadata or a fresh one, so every log
 * line of the call carries it.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import { requestIdFor, runWithRequestContext } from "../request_context.ts";

/** The services mounted so far, and the `addService` to mount more. */
export interface ServiceMount {
  /** Adds a service to the server, recording it and wrapping its handlers. */
  addService(
    definition: grpc.ServiceDefinition,
    implementation: grpc.UntypedServiceImplementation,
  ): void;
  /** Full names of the services mounted, in order (e.g. `ModzyModel`, `grpc.health.v1.Health`). */
  names(): string[];
  /** Definitions of the services mounted, in order. */
  definitions(): grpc.ServiceDefinition[];
}

/** Creates a mount over `server`. */
export function serviceMount(server: Pick<grpc.Server, "addService">): ServiceMount {
  const mounted: { name: string; definition: grpc.ServiceDefinition }[] = [];
  return {
    addService(definition, implementation) {
      const wrapped: grpc.UntypedServiceImplementation = {};
      for (const [method, handler] of Object.entries(implementation)) {
        wrapped[method] = withRequestContext(handler);
      }
      server.addService(definition, wrapped);
      mounted.push({ name: serviceName(definition), definition });
    },
    names: () => mounted.map((service) => service.name),
    definitions: () => mounted.map((service) => service.definition),
  };
}

/** The full service name of `definition`, from its first method's path `/pkg.Service/Method`. */
export function serviceName(definition: grpc.ServiceDefinition): string {
  const first = Object.values(definition)[0];
  return first ? first.path.split("/")[1] : "";
}

/** `handler`, run inside a request context (the call is its first argument). */
function withRequestContext(handler: grpc.UntypedHandleCall): grpc.UntypedHandleCall {
  const wrapped = (call: { metadata?: grpc.Metadata }, ...rest: unknown[]) => {
    const supplied = call.metadata?.get("x-request-id")[0];
    const requestId = requestIdFor(typeof supplied === "string" ? supplied : undefined);
    return runWithRequestContext(
      { requestId },
      () => (handler as (...args: unknown[]) => unknown)(call, ...rest),
    );
  };
  return wrapped as unknown as grpc.UntypedHandleCall;
}
