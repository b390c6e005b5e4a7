/**
 * Serve's hardening flags: TLS on the server side, access (admin switch and
 * tokens), message size and admission limits, and the drain grace period.
 * The TLS files and the token are the shared declarations of
 * common_flags.ts, re-worded for the server.
 *
 * @module
 */
import { parseByteSize } from "../../bundle/sizes.ts";
import { parseDuration } from "../../bundle/durations.ts";
import { DEFAULT_GRACE_MS, DEFAULT_MAX_MESSAGE_BYTES } from "../../base/limits.ts";
import { withHelp } from "./flag.ts";
import { booleanFlag, readFlagOr, textFlag, wholeNumberFlag } from "./flag_kinds.ts";
import { CLIENT_SECURITY_FLAGS } from "./common_flags.ts";

/** The longest `--grace` accepted: one hour. */
const MAX_GRACE_MS = 3_600_000;

/** `--grace`: seconds as a number (`2.5`), or a duration (`500ms`, `10s`, `1m`). */
function readGrace(text: string): number | null {
  const ms = /^\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 1000) : parseDuration(text);
  return ms === null || ms > MAX_GRACE_MS ? null : ms;
}

/** `--max-message-size`: a size from 1 KiB to 2 GiB - 1. */
function readMessageSize(text: string): number | null {
  const bytes = parseByteSize(text);
  return bytes === null || bytes < 1024 || bytes > 2 ** 31 - 1 ? null : bytes;
}

/** The server's TLS files, by option key (the sandbox reads them; config keys `tls.*`). */
export const SERVER_TLS_FLAGS = {
  /** `--tls-cert FILE`: the server's certificate chain. */
  tlsCert: {
    ...withHelp(
      CLIENT_SECURITY_FLAGS.tlsCert,
      "serve gRPC and REST over TLS with this certificate chain (with --tls-key)",
    ),
    caikit: "runtime.tls.server.cert",
  },
  /** `--tls-key FILE`: its private key. */
  tlsKey: {
    ...withHelp(CLIENT_SECURITY_FLAGS.tlsKey, "private key of the --tls-cert certificate"),
    caikit: "runtime.tls.server.key",
  },
  /** `--tls-ca FILE`: require gRPC client certificates signed by this CA. */
  tlsCa: {
    ...withHelp(
      CLIENT_SECURITY_FLAGS.tlsCa,
      "require gRPC client certificates signed by this CA (mutual TLS; the HTTP port stays " +
        "closed, as Deno.serve cannot ask for client certificates)",
    ),
    caikit: "runtime.tls.client.cert",
  },
} as const;

/** Access, limits and drain. */
export const HARDENING_FLAGS = {
  /** `--grace DURATION`: how long a drain lets calls in flight finish. */
  graceMs: readFlagOr(
    {
      name: "grace",
      placeholder: "DURATION",
      help: "on SIGTERM/SIGINT/Shutdown, let calls in flight finish this long (default 10s; " +
        "e.g. 500ms, 1m, or seconds); a second signal exits at once",
      config: "grace",
    },
    readGrace,
    "a duration up to 1h (e.g. 10s, 500ms, 30)",
    { value: DEFAULT_GRACE_MS },
  ),
  /** `--no-admin`: switch admin calls off. */
  noAdmin: booleanFlag({
    name: "no-admin",
    help: "switch admin calls off (Shutdown, model load/unload, training)",
    config: "no_admin",
  }),
  /** `--admin-token T`: the token admin calls need. */
  adminToken: textFlag({
    name: "admin-token",
    placeholder: "T",
    help: 'admin calls need "authorization: Bearer T" (prefer the environment variable)',
  }),
  /** `--token T`: the token every call but health needs. */
  token: withHelp(
    CLIENT_SECURITY_FLAGS.token,
    'every call but health needs "authorization: Bearer T" (prefer the environment variable)',
  ),
  /** `--max-message-size SIZE`: the gRPC message limit, each way. */
  maxMessageBytes: readFlagOr(
    {
      name: "max-message-size",
      placeholder: "SIZE",
      help: "gRPC message limit, each way (default 250M)",
      config: "max_message_size",
    },
    readMessageSize,
    "a size from 1K to 2047M (e.g. 250M)",
    { value: DEFAULT_MAX_MESSAGE_BYTES },
  ),
  /** `--max-concurrent N`: requests working at once; undefined: the data plane's default. */
  maxConcurrentRequests: wholeNumberFlag({
    name: "max-concurrent",
    placeholder: "N",
    help: "requests working at once (default 64)",
    config: "max_concurrent",
  }, { min: 1, max: 1_000_000 }),
  /** `--max-queue N`: requests waiting beyond those; undefined: the data plane's default. */
  maxQueuedRequests: wholeNumberFlag({
    name: "max-queue",
    placeholder: "N",
    help: "requests waiting beyond those (default 256); more are refused with " +
      "RESOURCE_EXHAUSTED (a per-item error on Modzy Run, HTTP 429 on REST)",
    config: "max_queue",
  }, { min: 0, max: 1_000_000 }),
} as const;
