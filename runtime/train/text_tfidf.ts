/**
 * Tf-idf over word 1- and 2-grams, as scikit-learn's `TfidfVectorizer(
 * ngram_range=(1, 2))` computes it and as the exported ONNX graph computes
 * it again (text_front_onnx.ts): the text is lowercased, its tokens are runs
 * of letters, digits and `_` of at least 2 characters (scikit-learn's
 * `(?u)\b\w\w+\b`), the n-grams are single tokens and pairs of neighbouring
 * tokens; a term's weight is its raw count times its smoothed inverse
 * document frequency `ln((1 + n) / (1 + df)) + 1`, and each row is scaled to
 * unit length (L2). Unlike scikit-learn's defaults the vocabulary is capped:
 * terms in fewer than {@link TFIDF_MIN_DF} training rows are dropped, and at
 * most {@link TFIDF_MAX_TERMS} terms are kept (the most frequent, as
 * scikit-learn's `max_features` keeps them), so a dense row stays small.
 *
 * @module
 */

/** Fewest training rows a term must appear in to join the vocabulary. */
export const TFIDF_MIN_DF = 2;
/** Most terms in a vocabulary. */
export const TFIDF_MAX_TERMS = 3000;
/** Shortest token, in characters (code points). */
export const TFIDF_MIN_TOKEN_CHARS = 2;
/** One token: a run of letters, digits and underscores (the ONNX Tokenizer's `tokenexp`). */
export const TOKEN_PATTERN_SOURCE = "[\\p{L}\\p{N}_]+";

const TOKEN_PATTERN = new RegExp(TOKEN_PATTERN_SOURCE, "gu");

/** A fitted tf-idf vocabulary: unigrams first, then bigrams, each group in code-point order. */
export interface TfidfModel {
  /** Terms; a bigram is its two tokens joined by one space. Its index is its output column. */
  readonly terms: readonly string[];
  /** How many of `terms` are unigrams (they come first). */
  readonly unigrams: number;
  /** Inverse document frequency of each term. */
  readonly idf: Float64Array;
}

/** A fitted tf-idf column of a training table. */
export interface FittedTextColumn {
  /** Column name. */
  readonly name: string;
  /** Its vocabulary and idf weights. */
  readonly model: TfidfModel;
}

/** How the vocabulary is chosen. */
export interface TfidfOptions {
  /** Fewest documents a term must appear in (default {@link TFIDF_MIN_DF}). */
  readonly minDf?: number;
  /** Most terms kept (default {@link TFIDF_MAX_TERMS}). */
  readonly maxTerms?: number;
}

/**
 * The tokens of `text`: lowercased, runs of letters, digits and `_`, at
 * least {@link TFIDF_MIN_TOKEN_CHARS} characters long.
 *
 * @example
 * ```ts
 * import { tokenizeText } from "./text_tfidf.ts";
 * console.log(tokenizeText("Don't STOP, a 2nd time!")); // ["don", "stop", "2nd", "time"]
 * ```
 */
export function tokenizeText(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.toLowerCase().matchAll(TOKEN_PATTERN)) {
    const token = match[0];
    // Code points, not UTF-16 units; a token of 2n units has at least n code points.
    const chars = token.length >= 2 * TFIDF_MIN_TOKEN_CHARS ? token.length : [...token].length;
    if (chars >= TFIDF_MIN_TOKEN_CHARS) tokens.push(token);
  }
  return tokens;
}

/** The word 1- and 2-grams of `tokens`, in order of appearance. */
export function wordNgrams(tokens: readonly string[]): string[] {
  const grams = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) grams.push(`${tokens[i]} ${tokens[i + 1]}`);
  return grams;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Fits the vocabulary and idf weights on `documents` (the training rows'
 * texts). The vocabulary may be empty (no term is frequent enough).
 */
export function fitTfidf(documents: readonly string[], options: TfidfOptions = {}): TfidfModel {
  const minDf = options.minDf ?? TFIDF_MIN_DF;
  const maxTerms = options.maxTerms ?? TFIDF_MAX_TERMS;
  const df = new Map<string, number>();
  const total = new Map<string, number>();
  for (const document of documents) {
    const grams = wordNgrams(tokenizeText(document));
    for (const gram of grams) total.set(gram, (total.get(gram) ?? 0) + 1);
    for (const gram of new Set(grams)) df.set(gram, (df.get(gram) ?? 0) + 1);
  }
  let kept = [...df.keys()].filter((term) => df.get(term)! >= minDf);
  if (kept.length > maxTerms) {
    kept = kept.sort((a, b) => total.get(b)! - total.get(a)! || byCodePoint(a, b))
      .slice(0, maxTerms);
  }
  const unigrams = kept.filter((term) => !term.includes(" ")).sort(byCodePoint);
  const bigrams = kept.filter((term) => term.includes(" ")).sort(byCodePoint);
  const terms = [...unigrams, ...bigrams];
  const n = documents.length;
  const idf = Float64Array.from(terms, (term) => Math.log((1 + n) / (1 + df.get(term)!)) + 1);
  return { terms, unigrams: unigrams.length, idf };
}

/** Term to column index, for {@link transformTfidf}. */
export function termIndex(model: TfidfModel): Map<string, number> {
  return new Map(model.terms.map((term, index) => [term, index]));
}

/**
 * Writes the tf-idf row of `text` into `into[offset .. offset +
 * terms.length)`: counts times idf, scaled to unit length (all zeros when no
 * term occurs). `index` is {@link termIndex} of `model`.
 *
 * @example
 * ```ts
 * import { fitTfidf, termIndex, transformTfidf } from "./text_tfidf.ts";
 * const model = fitTfidf(["red apple", "green apple", "red car"], { minDf: 1 });
 * const row = new Float64Array(model.terms.length);
 * transformTfidf(model, termIndex(model), "Red apple!", row, 0);
 * console.log(Math.hypot(...row)); // 1
 * ```
 */
export function transformTfidf(
  model: TfidfModel,
  index: ReadonlyMap<string, number>,
  text: string,
  into: Float64Array | Float32Array,
  offset: number,
): void {
  const width = model.terms.length;
  into.fill(0, offset, offset + width);
  for (const gram of wordNgrams(tokenizeText(text))) {
    const column = index.get(gram);
    if (column !== undefined) into[offset + column] += model.idf[column];
  }
  let squared = 0;
  for (let i = offset; i < offset + width; i++) squared += into[i] * into[i];
  if (squared === 0) return;
  const norm = Math.sqrt(squared);
  for (let i = offset; i < offset + width; i++) into[i] /= norm;
}
