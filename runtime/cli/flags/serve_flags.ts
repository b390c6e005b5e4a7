/**
 * `--serve` (the default mode): its flags. The only mode with a config file
 * (`--config`, keys from each declaration's `config`) and a sandbox: `deno
 * task serve` grants exactly what the `grant` of each flag given asks
 * (scripts/serve_permissions.ts). To add a serve flag, add one declaration
 * here (see flag.ts).
 *
 * @module
 */
import { envName, type OptionsOf } from "./flag.ts";
import {
  booleanFlag,
  portFlag,
  portOrOffFlag,
  readFlag,
  switchFlag,
  textFlag,
  wholeNumberFlag,
} from "./flag_kinds.ts";
import { MAX_DEFAULT_WORKERS } from "../../workers/available_cpus.ts";
import { defineMode } from "./mode_spec.ts";
import { bundleFlag, DEFAULT_HTTP_PORT, DEFAULT_PORT, LOGGING_FLAGS } from "./common_flags.ts";
import { HARDENING_FLAGS, SERVER_TLS_FLAGS } from "./hardening_flags.ts";
import { CAIKIT_FLAGS } from "./caikit_flags.ts";

/** `--batch-wait-ms`: 0 to 1000 milliseconds, fractions allowed. */
function readBatchWait(text: string): number | null {
  const ms = Number(text);
  return text !== "" && ms >= 0 && ms <= 1000 ? ms : null;
}

/** The serve mode: its help and its flags. */
export const SERVE_MODE = defineMode({
  mode: "serve",
  summary: "serve a model over the Modzy gRPC contract (the default mode)",
  usage: ["[--serve] [--bundle DIR] [--models DIR] [--port N] [FLAGS]"],
  about: "Serves the Modzy contract, the Open Inference Protocol (gRPC and REST on the HTTP " +
    "port), the model repository, training, health, reflection and /metrics until SIGTERM, " +
    "SIGINT or the Shutdown call, then drains.",
  configFlag: "config",
  flags: {
    /** The bundle served (the sandbox reads it). */
    bundle: bundleFlag(
      "asset bundle: a version folder holding model.yaml, or a bundle root whose highest " +
        "version is served (default: the embedded iris model)",
    ),
    /** The model repository folder (the sandbox reads it). */
    models: textFlag({
      name: "models",
      placeholder: "DIR",
      help: "model repository: each subfolder is a model (an asset bundle, a model.onnx, or " +
        "numbered version folders <n>/model.onnx); folders added or removed while serving " +
        "are loaded or unloaded",
      config: "models_dir",
      caikit: "runtime.local_models_dir",
      grant: "read",
    }),
    /** The gRPC port (the sandbox listens on it). */
    port: portFlag({
      name: "port",
      placeholder: "N",
      help: `gRPC port (default: $PSC_MODEL_PORT, else ${DEFAULT_PORT}; 0 picks a free one)`,
      env: [envName("port"), "PSC_MODEL_PORT"],
      config: "grpc_port",
      caikit: "runtime.grpc.port",
      grant: "listen",
    }, DEFAULT_PORT),
    /** The HTTP port: REST and /metrics (the sandbox listens on it); null: none. */
    httpPort: portOrOffFlag({
      name: "http-port",
      placeholder: "N",
      help: `HTTP port for REST and /metrics (default ${DEFAULT_HTTP_PORT}; off: no HTTP port)`,
      config: "http_port",
      caikit: "runtime.http.port",
      grant: "listen",
    }, DEFAULT_HTTP_PORT),
    /** Load the model at the first Status, not at start. */
    lazy: booleanFlag({
      name: "lazy",
      help: "load the model at the first Status call instead of at start",
      config: "lazy",
    }),
    /** Dynamic batching of concurrent requests; default on. */
    batching: switchFlag({
      name: "batching",
      placeholder: "on|off",
      help: "coalesce concurrent requests into shared model calls (default on)",
    }, true),
    /** Longest a request waits for companions while the model is busy; undefined: the default. */
    batchWaitMs: readFlag(
      {
        name: "batch-wait-ms",
        placeholder: "N",
        help: "longest a request waits for companions while the model is busy (default 1; " +
          "an idle model answers at once)",
      },
      readBatchWait,
      "0 to 1000",
    ),
    /** The folder of training jobs (the sandbox reads and writes it). */
    trainingDir: textFlag({
      name: "training-dir",
      placeholder: "DIR",
      help: "folder for training jobs (the only folder the serve sandbox may write)",
      config: "training_dir",
      caikit: "runtime.training.output_dir",
      grant: "read-write",
    }),
    /** Serving worker processes sharing the ports; undefined: one per CPU available. */
    workers: wholeNumberFlag({
      name: "workers",
      placeholder: "N",
      help: `serving worker processes sharing both ports (default: one per CPU the process ` +
        `may use, at most ${MAX_DEFAULT_WORKERS}; 1: a single process)`,
      config: "workers",
    }, { min: 1, max: 64 }),
    ...SERVER_TLS_FLAGS,
    ...HARDENING_FLAGS,
    ...CAIKIT_FLAGS,
    /** The runtime config file (the sandbox reads it). */
    config: textFlag({
      name: "config",
      placeholder: "FILE",
      help: "runtime config file (YAML): each flag's key is shown as [config: key]; or a " +
        "Caikit runtime config (a top-level runtime: key), whose keys are shown as " +
        "[caikit: key]; relative paths in it are relative to the file",
      grant: "read",
    }),
    ...LOGGING_FLAGS,
  },
});

/** The typed options of `--serve`. */
export type ServeOptions = OptionsOf<typeof SERVE_MODE.flags>;
