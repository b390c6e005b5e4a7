/**
 * The access policy on the gRPC side: one server interceptor that classifies
 * each method by its path and refuses, before the handler runs, a call the
 * {@link AccessPolicy} does not allow (UNAUTHENTICATED with a bad or missing
 * token, NOT_FOUND for admin calls on a `--no-admin` server).
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import { type AccessPolicy, type AccessRole, authorize } from "../base/access_policy.ts";
import { GRPC_CODES } from "../protocols/wire/grpc_status.ts";

/**
 * Method paths that change the server: stop it (Modzy Shutdown), load or
 * unload models (the repository service, OIP repository extension) and every
 * method of a training service.
 */
const ADMIN_METHODS: readonly RegExp[] = [
  /^\/ModzyModel\/Shutdown$/,
  /^\/([\w.]*\.)?ModelRepository\/(Load|Unload)$/,
  /^\/([\w.]*\.)?GRPCInferenceService\/RepositoryModel(Load|Unload)$/,
  /^\/([\w.]*\.)?\w*Train\w*\/\w+$/,
];

/** Method paths anyone may call: health checks and reflection (they reveal no data). */
const OPEN_METHOD =
  /^\/(grpc\.health\.v1\.Health|grpc\.reflection\.v1(alpha)?\.ServerReflection)\//;

/** Method paths whose role an interceptor remembers. */
const MAX_CACHED_PATHS = 256;

/** The access role of a gRPC method path such as `/ModzyModel/Run`. */
export function grpcMethodRole(path: string): AccessRole {
  if (OPEN_METHOD.test(path)) return "open";
  if (ADMIN_METHODS.some((pattern) => pattern.test(path))) return "admin";
  return "inference";
}

/**
 * A server interceptor enforcing `policy` on the `authorization` metadata of
 * every call. Pass it in the grpc.Server options' `interceptors`.
 */
export function accessInterceptor(policy: AccessPolicy): grpc.ServerInterceptor {
  // Paths are few and fixed: classify each once, not with regexes on every call
  // (bounded, so calls to made-up paths cannot grow it).
  const roles = new Map<string, AccessRole>();
  return (method, call) => {
    let role = roles.get(method.path);
    if (role === undefined) {
      role = grpcMethodRole(method.path);
      if (roles.size < MAX_CACHED_PATHS) roles.set(method.path, role);
    }
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
