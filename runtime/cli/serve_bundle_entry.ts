/**
 * The entry point `deno task bundle` (scripts/serve_bundle.ts) bundles into
 * .serve_bundle/serve.js: the `--serve` command with everything it imports,
 * and the server's optional services imported lazily from inside the bundle
 * (so no module exists twice, once bundled and once from source). Nothing
 * imports this file from source.
 *
 * @module
 */
import { provideServerExtras } from "../server/server_extras_loader.ts";

provideServerExtras(() => import("../server/server_extras.ts"));

export { serveCommand } from "./serve_command.ts";
