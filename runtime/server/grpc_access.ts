/**
 * The access policy on the gRPC side: one server interceptor that takes
 * each method's role from the protocols' declarations (method_roles.ts) and
 * refuses, before the handler runs, a call the {@link AccessPolicy} does not allow (UNAUTHENTICATED with a bad or missing
 * token, NOT_FOUND for admin calls on a `--no-admin` server).
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { type AccessPolicy, type AccessRole, authorize } from "../base/access_policy.ts";
import { GRPC_CODES } from "../protocols/wire/grpc_status.ts";

/**
 * A server interceptor enforcing `policy` on the `authorization` metadata of
 * every call, each method's role given by `roleOf`. Pass it in the
 * grpc.Server options' `interceptors`.
 */
export function accessInterceptor(
  policy: AccessPolicy,
  roleOf: (path: string) => AccessRole,
): grpc.ServerInterceptor {
  return (method, call) => {
    const role = roleOf(method.path);
    if (role === "open") return new grpc.ServerInterceptingCall(call);
    return new grpc.ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata, forward) => {
            const [value] = metadata.get("authorization");
            const refusal = authorize(
              policy,
              role,
              typeof value === "string" ? value : undefined,
              method.path.slice(1).replace("/", "."),
            );
            if (refusal === null) forward(metadata);
            else call.sendStatus({ code: GRPC_CODES[refusal.kind], details: refusal.message });
          },
        });
      },
    });
  };
}
