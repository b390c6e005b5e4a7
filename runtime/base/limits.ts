/**
 * Limits shared by servers, clients and manifests: the wire contract's
 * message size and the drain grace period.
 *
 * @module
 */

/** The Modzy contract's message size limit: 250 MiB, sending and receiving. */
export const DEFAULT_MAX_MESSAGE_BYTES = 250 * 1024 * 1024;

/** The default drain grace period after SIGTERM/SIGINT or Shutdown: 10 s. */
export const DEFAULT_GRACE_MS = 10_000;
