/**
 * Typed reads of single keys from a parsed bundle YAML file. Each reader
 * takes the value found at a dotted key path and either returns it typed or
 * throws a bundle error `<file>: <key>: <what is wrong>`. Readers of values a
 * template may leave empty (YAML null or absent) return a neutral value and
 * record the key path in the scope's `missing` list instead of failing.
 *
 * @module
 */
import { bundleError } from "./errors.ts";
import { describeYamlValue, type YamlMapping, type YamlValue } from "./yaml_document.ts";

/** The file being read and the keys found empty so far. */
export interface FieldScope {
  /** Path of the YAML file, first part of every error message. */
  readonly file: string;
  /** Dotted key paths left empty, appended to by the readers. */
  readonly missing: string[];
}

/** Joins a parent key path and a child key: `description` + `summary`. */
export function childKey(parent: string, child: string): string {
  return parent === "" ? child : `${parent}.${child}`;
}

/** The key path of list item `index` under `parent`: `metrics[2]`. */
export function itemKey(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/**
 * Reads a mapping; an empty (null or absent) value reads as an empty mapping
 * so the keys inside it are reported as missing one by one.
 */
export function readMapping(
  scope: FieldScope,
  value: YamlValue | undefined,
  key: string,
): YamlMapping {
  if (value === null || value === undefined) return new Map();
  if (value instanceof Map) return value;
  throw bundleError(scope.file, key, `must be a mapping, got ${describeYamlValue(value)}`);
}

/** Reads a list; an empty value reads as an empty list. */
export function readList(
  scope: FieldScope,
  value: YamlValue | undefined,
  key: string,
): readonly YamlValue[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  throw bundleError(scope.file, key, `must be a list, got ${describeYamlValue(value)}`);
}

/**
 * Reads text, or null when empty. Numbers and booleans are taken as the text
 * they were written as (`specification: 0.4` reads as `"0.4"`).
 */
export function readOptionalText(
  scope: FieldScope,
  value: YamlValue | undefined,
  key: string,
): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw bundleError(scope.file, key, `must be text, got ${describeYamlValue(value)}`);
}

/** Reads descriptive text; an empty value reads as `""` and is recorded as missing. */
export function readText(scope: FieldScope, value: YamlValue | undefined, key: string): string {
  const text = readOptionalText(scope, value, key);
  if (text !== null) return text;
  scope.missing.push(key);
  return "";
}

/** Reads text that must be present and not blank. */
export function readRequiredText(
  scope: FieldScope,
  value: YamlValue | undefined,
  key: string,
): string {
  const text = readOptionalText(scope, value, key);
  if (text === null || text.trim() === "") {
    throw bundleError(scope.file, key, "is required but empty");
  }
  return text;
}

/** Reads a list of texts; an empty value reads as an empty list. */
export function readTextList(
  scope: FieldScope,
  value: YamlValue | undefined,
  key: string,
): string[] {
  return readList(scope, value, key).map((item, index) => {
    const itemPath = itemKey(key, index);
    const text = readOptionalText(scope, item, itemPath);
    if (text === null) throw bundleError(scope.file, itemPath, "must be text, got nothing");
    return text;
  });
}

/** Reads `true` or `false`; an empty value reads as false and is recorded as missing. */
export function readBoolean(scope: FieldScope, value: YamlValue | undefined, key: string): boolean {
  if (typeof value === "boolean") return value;
  if (value === null || value === undefined) {
    scope.missing.push(key);
    return false;
  }
  throw bundleError(scope.file, key, `must be true or false, got ${describeYamlValue(value)}`);
}

/** How {@link readNumber} checks a number and what an empty value reads as. */
export interface NumberRule {
  /** Only whole numbers are accepted. */
  readonly whole: boolean;
  /** The smallest accepted value. */
  readonly min: number;
  /** The value an empty key reads as; `missing` also records the key. */
  readonly whenEmpty: { readonly value: number; readonly missing: boolean };
}

/**
 * Reads a finite number obeying `rule`, e.g. `must be a whole number >= 1,
 * got "abc"` when it does not.
 */
export function readNumber(
  scope: FieldScope,
  value: YamlValue | undefined,
  key: string,
  rule: NumberRule,
): number {
  if (value === null || value === undefined) {
    if (rule.whenEmpty.missing) scope.missing.push(key);
    return rule.whenEmpty.value;
  }
  const valid = typeof value === "number" && Number.isFinite(value) && value >= rule.min &&
    (!rule.whole || Number.isInteger(value));
  if (valid) return value;
  const kind = rule.whole ? "a whole number" : "a number";
  throw bundleError(
    scope.file,
    key,
    `must be ${kind} >= ${rule.min}, got ${describeYamlValue(value)}`,
  );
}
