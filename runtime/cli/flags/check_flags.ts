/**
 * `--check`: its flags. To add one, add its declaration here (see flag.ts).
 *
 * @module
 */
import type { OptionsOf } from "./flag.ts";
import { booleanFlag } from "./flag_kinds.ts";
import { defineMode } from "./mode_spec.ts";
import {
  bundleFlag,
  CLIENT_SECURITY_FLAGS,
  LOGGING_FLAGS,
  optionalTargetFlag,
} from "./common_flags.ts";

/** The check mode: its help and its flags. */
export const CHECK_MODE = defineMode({
  mode: "check",
  summary: "run a bundle's functional test cases",
  usage: ["--check [--bundle DIR] [--target HOST:PORT] [FLAGS]"],
  about: "Without --target, runs every test case against the model directly, with " +
    "detect_drift/explain in all four combinations. With --target, runs them through a " +
    "running server with batch sizes 1 and 8. Exit 1 on any failure.",
  flags: {
    bundle: bundleFlag("bundle whose test cases to run (default: the embedded one)"),
    target: optionalTargetFlag("a running server to check (default: check the model directly)"),
    json: booleanFlag({ name: "json", help: "one JSON object per line instead of readable text" }),
    ...CLIENT_SECURITY_FLAGS,
    ...LOGGING_FLAGS,
  },
});

/** The typed options of `--check`. */
export type CheckOptions = OptionsOf<typeof CHECK_MODE.flags>;
