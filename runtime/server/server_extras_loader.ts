/**
 * How the server assembly imports its optional services (server_extras.ts)
 * only once the first Status is answered: by a computed specifier, which Deno
 * does not fetch ahead of time. The serve bundle provides the module it
 * carries instead ({@link provideServerExtras}), so it is never imported a
 * second time from source; a `deno compile` executable embeds the file
 * ({@link SERVER_EXTRAS_MODULE}).
 *
 * @module
 */

/** The optional services' module, as the server uses it. */
export type ServerExtrasModule = typeof import("./server_extras.ts");

/** The optional services' module from the project root (what `deno compile` must embed). */
export const SERVER_EXTRAS_MODULE = "runtime/server/server_extras.ts";

let provided: (() => Promise<ServerExtrasModule>) | null = null;

/** Makes {@link importServerExtras} call `load` instead of importing the file from source. */
export function provideServerExtras(load: () => Promise<ServerExtrasModule>): void {
  provided = load;
}

/** Imports the optional services' module (from the serve bundle when it provides it). */
export function importServerExtras(): Promise<ServerExtrasModule> {
  if (provided) return provided();
  const specifier: string = "./server_extras.ts";
  return import(specifier);
}
