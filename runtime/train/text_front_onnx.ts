/**
 * The text front of an exported model: tf-idf computed inside the ONNX
 * graph, so the served model takes each free-text column as a raw string.
 * Any family's graph (its input `features` float32 [batch, F + terms]) is
 * rewired: its `features` input becomes the internal value `encoded`, built
 * as Concat(axis 1) of the new `features` input (the F float inputs of the
 * other columns) and, per tf-idf column, `text:<name>` string [batch] ->
 * StringNormalizer (lowercase) -> Tokenizer (com.microsoft: runs of letters,
 * digits and `_` of at least 2 characters) -> TfIdfVectorizer (word 1- and
 * 2-grams, TFIDF mode, idf weights) -> divided by its L2 norm. The trainer's
 * own tf-idf (text_tfidf.ts) computes the same numbers, and the export check
 * compares the two.
 *
 * @module
 */
import type { OnnxModelSpec, OnnxNode } from "../backends/onnx/graph_types.ts";
import { FEATURES_INPUT } from "../modules/probability_model.ts";
import { textInputName } from "../modules/tabular_pipeline.ts";
import { TFIDF_MIN_TOKEN_CHARS, type TfidfModel, TOKEN_PATTERN_SOURCE } from "./text_tfidf.ts";

/** Operator domain of the Tokenizer (an onnxruntime contrib operator). */
export const MICROSOFT_DOMAIN = "com.microsoft";
/** The value the rewired graph consumes in place of its former `features` input. */
const ENCODED = "encoded";
/** Padding of the Tokenizer's output; never a token (tokens are letters, digits, `_`). */
const PAD = "#";
/** Locale StringNormalizer lowercases in (present wherever glibc is). */
const LOCALE = "C.UTF-8";

/** What the front needs: the float inputs' width and each tf-idf column's vocabulary. */
export interface TextFront {
  /** Float inputs of the other columns (the new `features` input's width). */
  readonly inputWidth: number;
  /** The tf-idf columns, in the order their blocks follow the float inputs. */
  readonly columns: readonly { readonly name: string; readonly model: TfidfModel }[];
}

/** The nodes of one column: raw string to its unit-length tf-idf block `output`. */
function columnNodes(index: number, name: string, model: TfidfModel, output: string): OnnxNode[] {
  const at = (step: string) => `text${index}_${step}`;
  const bigramPool = model.terms.slice(model.unigrams).flatMap((term) => term.split(" "));
  return [
    {
      name: at("lowercase"),
      opType: "StringNormalizer",
      inputs: [textInputName(name)],
      outputs: [at("lower")],
      attributes: { case_change_action: { s: "LOWER" }, locale: { s: LOCALE } },
    },
    {
      name: at("tokenize"),
      opType: "Tokenizer",
      domain: MICROSOFT_DOMAIN,
      inputs: [at("lower")],
      outputs: [at("tokens")],
      attributes: {
        mark: { i: 0 },
        pad_value: { s: PAD },
        mincharnum: { i: TFIDF_MIN_TOKEN_CHARS },
        tokenexp: { s: TOKEN_PATTERN_SOURCE },
      },
    },
    {
      name: at("tfidf"),
      opType: "TfIdfVectorizer",
      inputs: [at("tokens")],
      outputs: [at("weighted")],
      attributes: {
        mode: { s: "TFIDF" },
        min_gram_length: { i: 1 },
        max_gram_length: { i: 2 },
        max_skip_count: { i: 0 },
        ngram_counts: { ints: [0, model.unigrams] },
        ngram_indexes: { ints: model.terms.map((_, term) => term) },
        pool_strings: { strings: [...model.terms.slice(0, model.unigrams), ...bigramPool] },
        weights: { floats: Array.from(model.idf) },
      },
    },
    {
      name: at("norm"),
      opType: "ReduceL2",
      inputs: [at("weighted")],
      outputs: [at("length")],
      attributes: { axes: { ints: [1] }, keepdims: { i: 1 } },
    },
    {
      name: at("floor"),
      opType: "Max",
      inputs: [at("length"), "text_tiny"],
      outputs: [at("divisor")],
    },
    { name: at("unit"), opType: "Div", inputs: [at("weighted"), at("divisor")], outputs: [output] },
  ];
}

/**
 * `spec` with the text front in front of it; `spec` itself when there is no
 * tf-idf column. The graph's other inputs, outputs and nodes are unchanged.
 */
export function withTextFront(spec: OnnxModelSpec, front: TextFront): OnnxModelSpec {
  if (front.columns.length === 0) return spec;
  const blocks = front.columns.map((_, index) => `text${index}_block`);
  const frontNodes: OnnxNode[] = [
    ...front.columns.flatMap((column, index) =>
      columnNodes(index, column.name, column.model, blocks[index])
    ),
    {
      name: "join_inputs",
      opType: "Concat",
      inputs: [FEATURES_INPUT, ...blocks],
      outputs: [ENCODED],
      attributes: { axis: { i: 1 } },
    },
  ];
  const rewired = spec.graph.nodes.map((node) =>
    node.inputs.includes(FEATURES_INPUT)
      ? {
        ...node,
        inputs: node.inputs.map((input) => (input === FEATURES_INPUT ? ENCODED : input)),
      }
      : node
  );
  const inputs = spec.graph.inputs.flatMap((input) =>
    input.name === FEATURES_INPUT
      ? [
        { name: FEATURES_INPUT, type: "float32" as const, shape: ["batch", front.inputWidth] },
        ...front.columns.map((column) => ({
          name: textInputName(column.name),
          type: "string" as const,
          shape: ["batch"],
        })),
      ]
      : [input]
  );
  return {
    ...spec,
    opsets: [...spec.opsets, { domain: MICROSOFT_DOMAIN, version: 1 }],
    metadata: {
      ...spec.metadata,
      text_inputs: JSON.stringify(front.columns.map((column) => textInputName(column.name))),
    },
    graph: {
      ...spec.graph,
      inputs,
      initializers: [
        ...spec.graph.initializers,
        { name: "text_tiny", type: "float32", dims: [1], values: [1e-12] },
      ],
      nodes: [...frontNodes, ...rewired],
    },
  };
}
