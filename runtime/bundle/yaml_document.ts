/**
 * Reads one YAML file of a bundle into plain, ordered data. Mappings become
 * `Map`s with string keys so file order is kept exactly (a plain object would
 * move integer-like keys first); syntax errors name the line and column.
 *
 * @module
 */
import { LineCounter, parseDocument } from "yaml";
import { bundleError, bundleFileError } from "./errors.ts";

/** A YAML value after parsing: a scalar, a list, or an ordered mapping. */
export type YamlValue = null | string | number | boolean | readonly YamlValue[] | YamlMapping;

/** A YAML mapping in file order, keys as text. */
export type YamlMapping = ReadonlyMap<string, YamlValue>;

/**
 * Parses `text` (the content of `file`) as one YAML document whose top level
 * is a mapping. Invalid YAML, several documents, an empty file or a top level
 * that is not a mapping are errors of the form `<file>: line L, column C: ...`
 * or `<file>: ...`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseYamlMapping } from "./yaml_document.ts";
 * const mapping = parseYamlMapping("name: Iris\nversion: 0.1.0\n", "model.yaml");
 * assert.equal(mapping.get("version"), "0.1.0");
 * ```
 */
export function parseYamlMapping(text: string, file: string): YamlMapping {
  const lineCounter = new LineCounter();
  // Warnings (an unresolved tag such as `!foo`) are errors here: a bundle's
  // metadata must mean exactly what it says. `logLevel` keeps the library
  // from printing them on its own.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: "error" });
  const [firstError] = [...document.errors, ...document.warnings];
  if (firstError !== undefined) {
    const { line, col } = lineCounter.linePos(firstError.pos[0]);
    throw bundleError(file, `line ${line}, column ${col}`, `invalid YAML: ${firstError.message}`, {
      cause: firstError,
    });
  }
  let data: unknown;
  try {
    data = document.toJS({ mapAsMap: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw bundleFileError(file, `invalid YAML: ${reason}`, { cause: error });
  }
  const value = normaliseYaml(data, file);
  if (value instanceof Map) return value;
  if (value === null) throw bundleFileError(file, "is empty; expected a mapping of keys");
  throw bundleFileError(file, `must be a mapping of keys, got ${describeYamlValue(value)}`);
}

/**
 * Converts parsed YAML into plain JavaScript data for code outside the
 * bundle reader: mappings become plain objects (keys in insertion order as
 * JavaScript allows), lists become arrays, scalars stay as they are.
 */
export function yamlToPlain(value: YamlValue): unknown {
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([key, item]) => [key, yamlToPlain(item)]));
  }
  if (Array.isArray(value)) return value.map(yamlToPlain);
  return value;
}

/**
 * Describes a YAML value briefly for an error message's `got ...` part:
 * text is quoted (`"abc"`), numbers and booleans are shown as written,
 * null is `nothing`, and collections are `a list` or `a mapping`.
 */
export function describeYamlValue(value: YamlValue | undefined): string {
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Map) return "a mapping";
  if (Array.isArray(value)) return "a list";
  return String(value);
}

function normaliseYaml(data: unknown, file: string, open = new Set<unknown>()): YamlValue {
  if (data === null || data === undefined) return null;
  if (typeof data === "string" || typeof data === "number" || typeof data === "boolean") {
    return data;
  }
  const isCollection = data instanceof Map || data instanceof Set || Array.isArray(data);
  if (!isCollection) return String(data);
  // An alias inside the node it names (`a: &x {b: *x}`) makes a cycle.
  if (open.has(data)) {
    throw bundleFileError(file, "invalid YAML: an alias refers to a node that contains it");
  }
  open.add(data);
  try {
    if (data instanceof Map) {
      return new Map(
        [...data].map(([key, item]) => [String(key), normaliseYaml(item, file, open)]),
      );
    }
    return [...data].map((item) => normaliseYaml(item, file, open));
  } finally {
    open.delete(data);
  }
}
