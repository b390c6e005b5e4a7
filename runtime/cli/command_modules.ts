/**
 * Where each mode's command lives, relative to the project root: main.ts
 * imports the one it runs by this path (a computed specifier, so Deno does
 * not fetch the other modes' code before starting), and `deno compile`
 * embeds them all (scripts/compile_args.ts), since it cannot follow a
 * computed import by itself.
 *
 * @module
 */

/** Each mode's command module, as a specifier relative to main.ts (the project root). */
export const COMMAND_MODULES = {
  serve: "./runtime/cli/serve_command.ts",
  infer: "./runtime/cli/infer_command.ts",
  train: "./runtime/cli/train_command.ts",
  check: "./runtime/cli/check_command.ts",
  predict: "./runtime/cli/predict_command.ts",
  scaffold: "./runtime/cli/scaffold_command.ts",
  "health-check": "./runtime/cli/health_check_command.ts",
  "emit-manifests": "./runtime/cli/emit_manifests_command.ts",
} as const;
