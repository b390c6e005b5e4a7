/**
 * A test-only Caikit face that uses every derivation rule of caikit-wire.md
 * §4: int, float, bool, bytes, datetime, dict, lists, enums with and
 * without a 0 value, a union of a primitive and a data object, an optional
 * field, nested data objects, run() parameters with defaults and a
 * train() with a DataStream. Its expected `.proto` is hand-written in
 * tests/fixtures/caikit/derivation/.
 *
 * @module
 */
import type {
  CaikitDataObject,
  CaikitEnum,
  CaikitFace,
} from "../../../../runtime/model/caikit_face.ts";

const PACKAGE = "caikit_rules_test.data_model";

/** An enum without a 0 value. */
export const COLOR: CaikitEnum = {
  kind: "enum",
  package: PACKAGE,
  name: "Color",
  values: { RED: 1, GREEN: 2 },
};

/** An enum with a 0 value. */
export const SIZE: CaikitEnum = {
  kind: "enum",
  package: PACKAGE,
  name: "Size",
  values: { SMALL: 0, LARGE: 1 },
};

/** A nested data object. */
export const POINT: CaikitDataObject = {
  kind: "object",
  package: PACKAGE,
  name: "Point",
  fields: [{ name: "x", type: "float" }, { name: "y", type: "float" }],
};

/** A data object with a field of every kind. */
export const MEASUREMENT: CaikitDataObject = {
  kind: "object",
  package: PACKAGE,
  name: "Measurement",
  fields: [
    { name: "label", type: "str" },
    { name: "count", type: "int" },
    { name: "ratio", type: "float" },
    { name: "ok", type: "bool" },
    { name: "raw", type: "bytes" },
    { name: "taken_at", type: "datetime" },
    { name: "extra", type: "dict" },
    { name: "tags", type: { list: "str" } },
    { name: "points", type: { list: POINT } },
    { name: "color", type: COLOR },
    { name: "size", type: SIZE },
    { name: "value", type: { union: ["int", "str", POINT] } },
    { name: "note", type: "str", optional: true },
    { name: "origin", type: POINT },
  ],
};

/** The task's output. */
export const SUMMARY: CaikitDataObject = {
  kind: "object",
  package: PACKAGE,
  name: "Summary",
  fields: [
    { name: "total", type: "float" },
    { name: "colors", type: { list: COLOR } },
    { name: "latest", type: "datetime" },
  ],
};

/** The test-only module's face. */
export const RULES_TEST_FACE: CaikitFace = {
  library: "caikit_rules_test",
  module: { id: "11111111-2222-4333-8444-555555555555", name: "MeasureModule", version: "1.2.3" },
  task: {
    name: "MeasureTask",
    parameters: [
      { name: "measurement", type: MEASUREMENT },
      { name: "scale", type: "float", optional: true },
      { name: "limit", type: "int", optional: true },
      { name: "labels", type: { list: "str" } },
    ],
    output: SUMMARY,
  },
  training: {
    parameters: [
      { name: "training_data", type: { stream: MEASUREMENT } },
      { name: "epochs", type: "int", optional: true },
      { name: "rate", type: "float" },
    ],
  },
};
