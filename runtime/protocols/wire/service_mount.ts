/**
 * Mounting gRPC services on the one server: every service added through a
 * {@link ServiceMount} is remembered (so health and reflection cover exactly
 * what is mounted) and each of its calls runs inside a request context whose
 * id is the caller's `x-request-id` metadata or a fresh one, so every log
 * line of the call carries it — except the hot handlers marked with
 * {@link ownRequestId}, which hand the id to the data plane themselves.
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import { requestIdFor, runWithRequestContext } from "../../base/request_context.ts";

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
        wrapped[method] = inRequestContext(handler);
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

/** Handlers that pass their request id along themselves (see {@link ownRequestId}). */
const OWN_REQUEST_ID = new WeakSet<object>();

/**
 * Marks a hot handler (Modzy Run, OIP ModelInfer) that does not run inside a
 * request context: entering one (AsyncLocalStorage) costs ~1 µs per call in
 * Deno 2.8, a fifth of the runtime's per-request budget. Such a handler
 * takes its id with {@link callRequestId} and hands it to the data plane,
 * whose request record carries it to the log line; nothing else logs
 * during those calls.
 */
export function ownRequestId<Handler extends object>(handler: Handler): Handler {
  OWN_REQUEST_ID.add(handler);
  return handler;
}

/** The request id of `call`: its `x-request-id` metadata when usable, else a fresh one. */
export function callRequestId(call: { metadata?: grpc.Metadata }): string {
  const supplied = call.metadata?.get("x-request-id")[0];
  return requestIdFor(typeof supplied === "string" ? supplied : undefined);
}

/**
 * `handler`, run inside a request context (the call is its first argument);
 * a handler marked with {@link ownRequestId} is returned as it is.
 */
export function inRequestContext(handler: grpc.UntypedHandleCall): grpc.UntypedHandleCall {
  if (OWN_REQUEST_ID.has(handler)) return handler;
  const wrapped = (call: { metadata?: grpc.Metadata }, ...rest: unknown[]) => {
    const requestId = callRequestId(call);
    return runWithRequestContext(
      { requestId },
      () => (handler as (...args: unknown[]) => unknown)(call, ...rest),
    );
  };
  return wrapped as unknown as grpc.UntypedHandleCall;
}
