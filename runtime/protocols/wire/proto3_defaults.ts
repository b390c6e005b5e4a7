/**
 * Canonical proto3 encoding for plain message objects. protobufjs writes a
 * scalar field whenever the object has it, even at its default value, while
 * proto3 (and the Python reference server) omits defaults. Dropping them
 * makes our answers byte-identical to the reference's.
 *
 * @module
 */

/** A plain message object as proto-loader encodes it. */
export type MessageObject = Record<string, unknown>;

/**
 * Returns a copy of `message` without scalar fields at their proto3 default
 * (`""`, `0`, `false`) and without empty repeated fields; nested messages are
 * kept (a set message field is encoded even when empty) and cleaned in turn.
 */
export function omitProto3Defaults<T extends MessageObject>(message: T): Partial<T> {
  const cleaned: MessageObject = {};
  for (const [key, value] of Object.entries(message)) {
    if (value === "" || value === 0 || value === false || value === null || value === undefined) {
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      cleaned[key] = value.map((item) => isMessage(item) ? omitProto3Defaults(item) : item);
    } else {
      cleaned[key] = isMessage(value) ? omitProto3Defaults(value) : value;
    }
  }
  return cleaned as Partial<T>;
}

function isMessage(value: unknown): value is MessageObject {
  return typeof value === "object" && value !== null && !ArrayBuffer.isView(value) &&
    !Array.isArray(value);
}
