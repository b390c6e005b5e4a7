/**
 * The entry point `deno task bundle` (scripts/serve_bundle.ts) bundles into
 * .serve_bundle/serve/serve.js: the `--serve` command with everything it
 * imports. The server's late stage and its protocols' code are imported
 * there by literal dynamic imports, which the bundle keeps lazy (evaluated
 * only when the server reaches them), so no module exists twice, once
 * bundled and once from source. Nothing imports this file from source.
 *
 * @module
 */
export { serveCommand } from "./serve_command.ts";
