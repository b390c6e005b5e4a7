/**
 * The Caikit door's own settings (`protocols.caikit` of the server
 * settings), validated here: `replaceServed` — whether a model trained
 * through Caikit replaces a served model of its name (default false: it is
 * saved but not served, and its status says so).
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";

/** The Caikit door's settings. */
export interface CaikitSettings {
  /** Whether a trained model replaces a served model of the same name. */
  readonly replaceServed: boolean;
}

/** The protocol's name, its key in the server's protocol settings. */
export const CAIKIT_PROTOCOL = "caikit";

/** Reads the settings `value` (absent: defaults); a bad key is a `bad_request` naming it. */
export function caikitSettings(value: unknown): CaikitSettings {
  if (value === undefined || value === null) return { replaceServed: false };
  if (typeof value !== "object" || Array.isArray(value)) {
    throw badRequest(`protocol settings '${CAIKIT_PROTOCOL}' must be a mapping`);
  }
  const settings = value as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if (key !== "replaceServed") {
      throw badRequest(`protocol settings '${CAIKIT_PROTOCOL}': unknown key '${key}'`);
    }
  }
  const replaceServed = settings.replaceServed ?? false;
  if (typeof replaceServed !== "boolean") {
    throw badRequest(`protocol settings '${CAIKIT_PROTOCOL}.replaceServed' must be true or false`);
  }
  return { replaceServed };
}
