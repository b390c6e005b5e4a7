/**
 * Who may call which gRPC method, from the protocols' declarations: a
 * method a declaration names admin is `admin`, every method of an open
 * service is `open`, everything else (undeclared paths included) is
 * `inference`. No pattern matching over method names.
 *
 * @module
 */
import type { AccessRole } from "../base/access_policy.ts";
import type { GrpcServiceDeclaration } from "../protocols/protocol.ts";

/** The roles of declared services' methods, by method path; more can be declared later. */
export interface MethodRoles {
  /** The role of a method path such as `/ModzyModel/Run`. */
  roleOf(path: string): AccessRole;
  /** Adds the roles of services declared after start (e.g. derived from a model loaded later). */
  declare(declarations: readonly GrpcServiceDeclaration[]): void;
}

/** Method paths whose role is remembered (bounded, so made-up paths cannot grow it). */
const MAX_CACHED_PATHS = 256;

/** The method roles of `declarations`. */
export function methodRoles(declarations: readonly GrpcServiceDeclaration[]): MethodRoles {
  const openServices = new Set<string>();
  const adminPaths = new Set<string>();
  // Paths are few: each is classified once (declaring more starts afresh).
  const cache = new Map<string, AccessRole>();
  const classify = (path: string): AccessRole => {
    if (adminPaths.has(path)) return "admin";
    const service = path.slice(1, path.indexOf("/", 1));
    return openServices.has(service) ? "open" : "inference";
  };
  const declare = (more: readonly GrpcServiceDeclaration[]) => {
    cache.clear();
    for (const declaration of more) {
      if (declaration.open) openServices.add(declaration.name);
      for (const method of declaration.adminMethods ?? []) {
        adminPaths.add(`/${declaration.name}/${method}`);
      }
    }
  };
  declare(declarations);
  return {
    roleOf(path) {
      let role = cache.get(path);
      if (role === undefined) {
        role = classify(path);
        if (cache.size < MAX_CACHED_PATHS) cache.set(path, role);
      }
      return role;
    },
    declare,
  };
}
