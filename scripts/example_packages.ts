/**
 * The npm packages only the examples need: deno.json's `workspace` members
 * (examples/*) bring their own imports, which `deno install` puts in the
 * project's node_modules beside the runtime's. The single executable leaves
 * them out (scripts/compile_args.ts); the container image never installs
 * them (the Dockerfile drops `workspace`).
 *
 * @module
 */
import { join } from "node:path";

interface Lock {
  readonly npm?: Readonly<Record<string, { readonly dependencies?: readonly string[] }>>;
  readonly workspace?: {
    readonly dependencies?: readonly string[];
    readonly members?: Readonly<Record<string, { readonly dependencies?: readonly string[] }>>;
  };
}

/**
 * The npm packages (`name@version`, as deno.lock's `npm` section keys them)
 * that the workspace members of the lock file `lockText` need and the root
 * does not, their own dependencies included.
 */
export function examplePackages(lockText: string): string[] {
  const lock = JSON.parse(lockText) as Lock;
  const npm = lock.npm ?? {};
  const keys = Object.keys(npm);
  /** A lock key for `npm:name@version`, `name@version` or a bare `name` (one version locked). */
  const keyOf = (reference: string): string | undefined => {
    const bare = reference.replace(/^npm:/, "").replace(/\/[^@]*$/, "");
    if (bare in npm) return bare;
    return keys.find((key) =>
      key.startsWith(`${bare}@`) && !key.slice(bare.length + 1).includes("@")
    );
  };
  const closure = (roots: readonly string[]): Set<string> => {
    const seen = new Set<string>();
    const queue = roots.map(keyOf).filter((key) => key !== undefined);
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      if (seen.has(key)) continue;
      seen.add(key);
      for (const dependency of npm[key]?.dependencies ?? []) {
        const found = keyOf(dependency);
        if (found !== undefined) queue.push(found);
      }
    }
    return seen;
  };
  const root = closure(lock.workspace?.dependencies ?? []);
  const members = Object.values(lock.workspace?.members ?? {}).flatMap((member) =>
    member.dependencies ?? []
  );
  return [...closure(members)].filter((key) => !root.has(key)).sort();
}

/**
 * The folder of the locked npm package `key` (`@scope/name@1.0.0`) under
 * `projectDir`: `node_modules/.deno/@scope+name@1.0.0/node_modules/@scope/name`
 * (`deno compile --exclude` leaves out a package by this folder, not by its
 * store entry).
 */
export function installedPackageDir(projectDir: string, key: string): string {
  const name = key.slice(0, key.lastIndexOf("@"));
  return join(projectDir, "node_modules", ".deno", key.replaceAll("/", "+"), "node_modules", name);
}
