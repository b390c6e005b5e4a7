/**
 * Flags several modes share, declared once and spread into each mode's flag
 * set: logging (every mode), the bundle to read, the server to call and how
 * to reach a hardened one (TLS files, token), and where a new bundle goes.
 * A mode that gives a shared flag a particular meaning re-words its help
 * with `withHelp`, keeping the one declaration.
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";
import { LOG_FORMATS, LOG_LEVELS } from "../../base/log.ts";
import { booleanFlag, choiceFlag, readFlagOr, readPort, textFlag } from "./flag_kinds.ts";

/** The default gRPC port of the Modzy contract. */
export const DEFAULT_PORT = 45000;

/** The default HTTP port (REST and /metrics). */
export const DEFAULT_HTTP_PORT = 8080;

/** Logging: every mode takes these. */
export const LOGGING_FLAGS = {
  /** `--quiet`: warnings and errors only, no progress. */
  quiet: booleanFlag({
    name: "quiet",
    help: "no progress or informational logs (warnings and errors only)",
  }),
  /** `--log-level`: least severe level written. */
  logLevel: choiceFlag(
    {
      name: "log-level",
      placeholder: "LEVEL",
      help: "least severe log line written: debug, info (default), warn or error",
      config: "log_level",
    },
    LOG_LEVELS,
    "info",
  ),
  /** `--log-format`: readable text or JSON lines. */
  logFormat: choiceFlag(
    {
      name: "log-format",
      placeholder: "FORMAT",
      help: "log lines as readable text (default) or json objects",
      config: "log_format",
    },
    LOG_FORMATS,
    "text",
  ),
} as const;

/** `--bundle DIR`: an asset bundle to read (a version folder, or a root whose highest version is used). */
export function bundleFlag(help: string) {
  return textFlag({ name: "bundle", placeholder: "DIR", help, config: "bundle", grant: "read" });
}

/** What `--target` takes: `host:port` or `[ipv6]:port`. */
const TARGET = { pattern: /^[^\s:]+:\d+$|^\[[0-9a-fA-F:]+\]:\d+$/, expects: "host:port" };

/** `--target HOST:PORT`, optional: a server to call instead of working locally. */
export function optionalTargetFlag(help: string) {
  return textFlag({ name: "target", placeholder: "HOST:PORT", help }, TARGET);
}

/** `--target HOST:PORT` of a client mode: the server to call, by default this host's model port. */
export const TARGET_FLAG = readFlagOr(
  {
    name: "target",
    placeholder: "HOST:PORT",
    help: `server to call (default: localhost:$PSC_MODEL_PORT, else localhost:${DEFAULT_PORT})`,
  },
  (text) => TARGET.pattern.test(text) ? text : null,
  TARGET.expects,
  {
    from: (env) => {
      const text = env("PSC_MODEL_PORT");
      const port = readPort(text ?? "", DEFAULT_PORT);
      if (port === null) {
        return badRequest(`PSC_MODEL_PORT takes a port number 0-65535, got '${text}'`);
      }
      return `localhost:${port}`;
    },
  },
);

/** TLS files and the bearer token, as a client uses them (serve re-words them for the server side). */
export const CLIENT_SECURITY_FLAGS = {
  /** `--tls-ca FILE`: connect over TLS, trusting this CA. */
  tlsCa: textFlag({
    name: "tls-ca",
    placeholder: "FILE",
    help: "connect over TLS, trusting this CA",
    config: "tls.ca",
    grant: "read",
  }),
  /** `--tls-cert FILE`: the client certificate for mutual TLS. */
  tlsCert: textFlag({
    name: "tls-cert",
    placeholder: "FILE",
    help: "client certificate for mutual TLS (with --tls-key)",
    config: "tls.cert",
    grant: "read",
  }),
  /** `--tls-key FILE`: its private key. */
  tlsKey: textFlag({
    name: "tls-key",
    placeholder: "FILE",
    help: "private key of the client certificate",
    config: "tls.key",
    grant: "read",
  }),
  /** `--token T`: the bearer token to present. */
  token: textFlag({
    name: "token",
    placeholder: "T",
    help:
      'send "authorization: Bearer T" on every call (prefer MODEL_RUNTIME_TOKEN: flags show in the process list)',
  }),
} as const;

/** What `--bundle-version` takes. */
const VERSION = { pattern: /^\d+\.\d+\.\d+$/, expects: "x.y.z" };

/** Where a mode that makes a bundle writes it (train, scaffold); `--out` is the mode's own. */
export const BUNDLE_OUTPUT_FLAGS = {
  /** `--name NAME`: the model's name. */
  name: textFlag({
    name: "name",
    placeholder: "NAME",
    help: "model name (default: the input file's stem)",
  }),
  /** `--bundle-version X.Y.Z`: the version folder to write. */
  bundleVersion: textFlag({
    name: "bundle-version",
    placeholder: "X.Y.Z",
    help: "version folder to write (default 0.1.0)",
  }, VERSION),
  /** `--force`: replace a non-empty version folder. */
  force: booleanFlag({ name: "force", help: "replace an existing, non-empty version folder" }),
} as const;

/** `--out DIR` of a mode that makes a bundle. */
export const BUNDLE_OUT = {
  name: "out",
  placeholder: "DIR",
  help: "bundle root to write; the bundle lands in DIR/<version>/",
} as const;
