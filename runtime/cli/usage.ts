/**
 * Help texts: one for the program, one per mode.
 *
 * @module
 */
import type { Mode } from "./flags.ts";

const PROGRAM = `model-runtime: wrap, train and serve a machine-learning model over gRPC

Usage:
  model-runtime [--serve] [--bundle DIR] [--port N] [--lazy]   serve a model (default mode)
  model-runtime --infer [--target HOST:PORT] [--input NAME=PATH]...  call a server
  model-runtime --train DATA.csv --out DIR [--name NAME] [--label COL]  train a bundle
  model-runtime --train DATA.csv --target HOST:PORT [--name NAME]  train on a server
  model-runtime --predict DATA.csv --bundle DIR [--out FILE]   score a CSV offline
  model-runtime --check [--bundle DIR] [--target HOST:PORT]      run a bundle's test cases
  model-runtime --health-check [--target HOST:PORT]            exit 0 when the server is SERVING
  model-runtime --scaffold MODEL.onnx --out DIR [--name NAME]   wrap an ONNX file into a bundle
  model-runtime --emit-manifests DIR [--bundle DIR] [--replicas N] [--image NAME]
                                                  write Kubernetes and KServe manifests
  model-runtime --help | --version

Run 'model-runtime --MODE --help' for the flags of one mode.
Results go to stdout; logs and progress to stderr.
Exit codes: 0 success, 1 the operation failed, 2 usage error.

Every mode takes --log-level debug|info|warn|error and --log-format text|json.
Every flag can also be set by the environment variable MODEL_RUNTIME_<FLAG>
(e.g. MODEL_RUNTIME_HTTP_PORT=9000); serve settings also by a config file
(--config runtime.yaml). Precedence: flag > environment > file > default.`;

/** The client flags of a hardened server (--infer, --check, --health-check). */
const CLIENT_SECURITY_HELP = `  --tls-ca FILE       connect over TLS, trusting this CA
  --tls-cert FILE, --tls-key FILE  client certificate for mutual TLS
  --token T           send "authorization: Bearer T" (or MODEL_RUNTIME_TOKEN)`;

const MODES: Record<Mode, string> = {
  scaffold: `model-runtime --scaffold: wrap an existing ONNX file into a servable asset bundle

Usage: model-runtime --scaffold MODEL.onnx --out DIR [--name NAME] [--bundle-version X.Y.Z]
                     [--force] [--quiet]

Writes DIR/<version>/ with model.onnx, model.yaml (module onnx-tensor, inputs and
outputs from the ONNX file's tensors; dynamic dimensions -1), docker_metadata.yaml and
test_cases/sample/ (input.json of deterministic sample tensors and the results.json the
model answers), so the bundle passes --check as written. input.json holds
{"inputs": [{"name", "datatype", "shape", "data"}]}; results.json {"outputs": [...]}.

  --out DIR               bundle root to write; the bundle lands in DIR/<version>/
  --name NAME             model name (default: the ONNX file's stem)
  --bundle-version X.Y.Z  version folder to write (default 0.1.0)
  --force                 replace an existing, non-empty version folder
  --quiet                 no progress output`,
  serve: `model-runtime --serve: serve a model over the Modzy gRPC contract

Usage: model-runtime [--serve] [--bundle DIR] [--port N] [--lazy] [--quiet]
                     [--models DIR] [--http-port N] [--config FILE] [--training-dir DIR]
                     [--tls-cert FILE --tls-key FILE [--tls-ca FILE]] [--grace DURATION]
                     [--no-admin] [--admin-token T] [--token T] [--max-message-size SIZE]
                     [--max-concurrent N] [--max-queue N]

  --bundle DIR   asset bundle: a version folder holding model.yaml, or a bundle root
                 whose highest version is served (default: the embedded iris model)
  --port N       gRPC port (default: $PSC_MODEL_PORT, else 45000; 0 picks a free one)
  --lazy         load the model at the first Status call instead of at start
  --batching on|off  coalesce concurrent requests into shared model calls (default on)
  --batch-wait-ms N  longest a request waits for companions while the model is busy
                 (default 1; an idle model answers at once)
  --models DIR   model repository: each subfolder is a model (an asset bundle, a
                 model.onnx, or numbered version folders <n>/model.onnx); folders
                 added or removed while serving are loaded or unloaded
  --http-port N  HTTP port for REST and /metrics (default 8080)
  --config FILE  runtime config file (YAML: models_dir, training_dir, bundle,
                 grpc_port, http_port, lazy, log_format, log_level, tls.cert,
                 tls.key, tls.ca, grace, max_message_size, max_concurrent, max_queue,
                 no_admin); relative paths are relative to the file
  --training-dir DIR  folder for training jobs
  --tls-cert FILE, --tls-key FILE  serve over TLS with this certificate and key
  --tls-ca FILE  require gRPC client certificates signed by this CA (mutual TLS; the
                 HTTP port stays closed, as Deno.serve cannot ask for client certificates)
  --grace DURATION  on SIGTERM/SIGINT/Shutdown, let calls in flight finish this long
                 (default 10s; e.g. 500ms, 1m, or seconds); a second signal exits at once
  --no-admin     switch admin calls off (Shutdown, model load/unload, training)
  --admin-token T  admin calls need "authorization: Bearer T" (or MODEL_RUNTIME_ADMIN_TOKEN)
  --token T      every call but health needs "authorization: Bearer T" (or MODEL_RUNTIME_TOKEN)
  --max-message-size SIZE  gRPC message limit, each way (default 250M)
  --max-concurrent N  requests working at once (default 64)
  --max-queue N  requests waiting beyond those (default 256); more are refused with
                 RESOURCE_EXHAUSTED (a per-item error on Modzy Run, HTTP 429 on REST)
  --quiet        log warnings and errors only`,
  "health-check": `model-runtime --health-check: ask a server's grpc.health.v1 service

Usage: model-runtime --health-check [--target HOST:PORT] [TLS and token flags]

Calls Health/Check for the whole server; exit 0 when it answers SERVING, 1
otherwise (not serving, unreachable, or no answer within 5 s). Meant for a
container HEALTHCHECK.

  --target HOST:PORT  server (default: localhost:$PSC_MODEL_PORT, else localhost:45000)
${CLIENT_SECURITY_HELP}`,
  infer: `model-runtime --infer: call a running server as the reference client does

Usage: model-runtime --infer [--target HOST:PORT] [--input NAME=PATH]... [--json]

Calls Status, one single-item Run and one 8-item Run, and prints each output.

  --target HOST:PORT  server (default: localhost:$PSC_MODEL_PORT, else localhost:45000)
  --input NAME=PATH   an input file, named as in model.yaml (repeatable); default: the
                      bundle's first test case
  --bundle DIR        bundle whose first test case is the default input
  --json              one JSON object per line instead of readable text
${CLIENT_SECURITY_HELP}`,
  train: `model-runtime --train: train a model from a CSV into a servable asset bundle

Usage: model-runtime --train DATA.csv --out DIR [--name NAME] [--bundle-version X.Y.Z]
                     [--label COLUMN] [--model logreg|mlp|trees] [--seed N] [--force] [--quiet]
       model-runtime --train DATA.csv --target HOST:PORT [--name NAME] [--label COLUMN]
                     [--model logreg|mlp|trees] [--seed N] [--bundle-version X.Y.Z]

Numeric columns are features (empty cells imputed with the training mean); a
string column with few distinct values is one-hot encoded; a free-text column
becomes hashed word and character n-grams. The bundle holds model.onnx,
model.yaml (holdout metrics), test cases and report.md/report.svg (loss and
validation-accuracy curves, confusion matrix). With --target, the CSV is sent to
a server's TrainingService; the training_id and model_name are printed first,
then progress until the job ends (exit 0 only when it COMPLETED).

  --out DIR               bundle root to write; the bundle lands in DIR/<version>/
  --name NAME             model name (default: the CSV file's stem)
  --bundle-version X.Y.Z  version folder to write (default 0.1.0)
  --label COLUMN          label column (default: the last column)
  --model logreg|mlp|trees|ID
                          multinomial logistic regression (default), a small MLP,
                          gradient-boosted trees, or the id of a registered module
                          that can train (e.g. hello-world)
  --seed N                seed of the holdout split and the fit (default 42)
  --target HOST:PORT      train on this server instead of locally
  --force                 replace an existing, non-empty version folder
  --quiet                 no progress output`,
  predict: `model-runtime --predict: score a CSV offline with a trained bundle

Usage: model-runtime --predict DATA.csv --bundle DIR [--out FILE] [--quiet]

Writes the CSV back with the predicted label and one score column per class
appended to every row (header included), to stdout or FILE. The file is
streamed, so it may be larger than memory. Columns are matched by name; the
label column, if present, is passed through.

  --bundle DIR   a tabular-classifier bundle (version folder or bundle root)
  --out FILE     write here instead of stdout
  --quiet        no progress output`,
  check: `model-runtime --check: run a bundle's functional test cases

Usage: model-runtime --check [--bundle DIR] [--target HOST:PORT] [--json]

Without --target, runs every test case against the model directly, with
detect_drift/explain in all four combinations. With --target, runs them through
a running server with batch sizes 1 and 8. Exit 1 on any failure.

  --bundle DIR        bundle whose test cases to run (default: the embedded one)
  --target HOST:PORT  a running server to check
  --json              one JSON object per line instead of readable text
${CLIENT_SECURITY_HELP}`,
  "emit-manifests": `model-runtime --emit-manifests: write deployment manifests for a bundle's model

Usage: model-runtime --emit-manifests DIR [--bundle DIR] [--replicas N] [--image NAME]

Writes DIR/kubernetes/{deployment,service}.yaml (native gRPC probes on the
health service, resources from model.yaml's resources) and
DIR/kserve/{serving-runtime,inference-service}.yaml (N replicas over the Open
Inference Protocol gRPC door) and prints each path. Ports are the defaults
(gRPC 45000, HTTP 8080), which the container image sets.

  --bundle DIR     bundle whose model.yaml to read (default: the embedded one)
  --replicas N     replicas to run (default 2)
  --image NAME     container image (default model-runtime:<runtime version>)`,
};

/** The help text of `mode`, or of the whole program when `mode` is null. */
export function usage(mode: Mode | null): string {
  return mode === null ? PROGRAM : MODES[mode];
}
