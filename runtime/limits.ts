/**
 * Limits of the wire contract shared by servers and clients.
 *
 * @module
 */

/** The Modzy contract's message size limit: 250 MiB, sending and receiving. */
export const DEFAULT_MAX_MESSAGE_BYTES = 250 * 1024 * 1024;
