/**
 * The least-privilege permission set of `deno task serve`: computed by
 * runtime/cli/serve_permissions.ts (the worker supervisor computes its
 * workers' set there too); re-exported for the launcher and the tests.
 *
 * @module
 */
export {
  onnxruntimeAddonFolder,
  SERVE_ENV,
  type ServePlan,
  servePlan,
} from "../runtime/cli/serve_permissions.ts";
