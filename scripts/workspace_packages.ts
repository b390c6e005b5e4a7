/**
 * npm packages that only the project's workspace members (examples/) use:
 * reachable in deno.lock from a member's dependencies and not from the
 * runtime's own (the root deno.json). `deno compile` embeds the whole
 * node_modules folder, so compile_args.ts leaves these out of the
 * executable; the Dockerfile never installs them (it drops the workspace
 * list before `deno install`).
 *
 * @module
 */
import { join } from "node:path";

interface Lockfile {
  readonly specifiers?: Readonly<Record<string, string>>;
  readonly npm?: Readonly<Record<string, { readonly dependencies?: readonly string[] }>>;
  readonly workspace?: {
    readonly dependencies?: readonly string[];
    readonly members?: Readonly<Record<string, { readonly dependencies?: readonly string[] }>>;
  };
}

/** `@scope/name@1.2.3_peer` -> `@scope/name`. */
const nameOf = (key: string) => key.slice(0, key.indexOf("@", 1));

/** Every lockfile npm key reachable from `specifiers` (`npm:name@range`). */
function reachable(lock: Lockfile, specifiers: readonly string[]): Set<string> {
  const npm = lock.npm ?? {};
  const keys = Object.keys(npm);
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const specifier of specifiers.filter((s) => s.startsWith("npm:"))) {
    const version = lock.specifiers?.[specifier];
    if (version !== undefined) queue.push(`${nameOf(specifier.slice(4))}@${version}`);
  }
  while (queue.length > 0) {
    const key = queue.pop()!;
    if (seen.has(key) || !(key in npm)) continue;
    seen.add(key);
    for (const dependency of npm[key].dependencies ?? []) {
      // `name` when one version is locked, `name@version` when several are.
      const found = keys.find((k) =>
        dependency.indexOf("@", 1) > 0
          ? k === dependency || k.startsWith(`${dependency}_`)
          : nameOf(k) === dependency
      );
      if (found !== undefined) queue.push(found);
    }
  }
  return seen;
}

/**
 * Folders of the packages only workspace members need, per the project's
 * deno.lock (none without a lockfile): each one's folder under
 * `node_modules/.deno/` and the package inside it (`deno compile` embeds
 * a package it resolved unless that folder itself is excluded), and its link
 * `node_modules/<name>` where there is one.
 */
export function memberOnlyPackageDirs(projectDir: string): string[] {
  let lock: Lockfile;
  try {
    lock = JSON.parse(Deno.readTextFileSync(join(projectDir, "deno.lock")));
  } catch {
    return [];
  }
  const own = reachable(lock, lock.workspace?.dependencies ?? []);
  const members = Object.values(lock.workspace?.members ?? {}).flatMap((m) => m.dependencies ?? []);
  const modules = join(projectDir, "node_modules");
  const exists = (path: string) => {
    try {
      Deno.lstatSync(path);
      return true;
    } catch {
      return false;
    }
  };
  return [...reachable(lock, members)]
    .filter((key) => !own.has(key))
    .flatMap((key) => {
      const folder = join(modules, ".deno", key.split("_")[0].replaceAll("/", "+"));
      return [folder, join(folder, "node_modules", nameOf(key)), join(modules, nameOf(key))];
    })
    .filter(exists)
    .sort();
}
