/**
 * Builders for the output files of the Modzy contract: the success document
 * `{"data":{"result":…,"explanation":…,"drift":…}}` and the per-item error
 * document `{"error_message":"…"}`, both serialised compactly (separators `,`
 * and `:`), as the reference server writes them.
 *
 * @module
 */

import { encodeText } from "./text_bytes.ts";

/** The parts of a successful result; `explanation` and `drift` default to null. */
export interface ResultDocument {
  /** The model's answer, any JSON value. */
  readonly result: unknown;
  /** An explanation, when the caller asked for one and the model supports it. */
  readonly explanation?: unknown;
  /** Drift information, when asked for and supported. */
  readonly drift?: unknown;
}

/**
 * Serialises a successful result as the bytes of a results file, e.g.
 * `{"data":{"result":{"x":1},"explanation":null,"drift":null}}`. Short
 * results are views into a shared buffer (no allocation per answer): treat
 * them as read-only.
 *
 * @example
 * ```ts
 * import { successOutput } from "./outputs.ts";
 * const bytes = successOutput({ result: { greeting: "Hello World" } });
 * console.log(new TextDecoder().decode(bytes));
 * ```
 */
export function successOutput(document: ResultDocument): Uint8Array {
  return encodeText(JSON.stringify({
    data: {
      result: document.result ?? null,
      explanation: document.explanation ?? null,
      drift: document.drift ?? null,
    },
  }));
}

/**
 * Serialises a per-item failure as the bytes of the contract's `error` output,
 * `{"error_message":"…"}`.
 *
 * @example
 * ```ts
 * import { errorOutput } from "./outputs.ts";
 * const bytes = errorOutput("input.json: feature 'petal_width' is missing");
 * ```
 */
export function errorOutput(message: string): Uint8Array {
  return encodeText(JSON.stringify({ error_message: message }));
}

/** The output key under which a failed item carries its error document. */
export const ERROR_OUTPUT_KEY = "error";
