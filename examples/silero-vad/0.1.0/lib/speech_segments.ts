/**
 * Speech segments from Silero's per-window speech probabilities, the way
 * silero-vad's `get_speech_timestamps` turns them into timestamps (its
 * defaults, without its `max_speech_duration_s` split, which is off by
 * default): a segment opens at the first window at or above `threshold`,
 * and closes once the probability has stayed below `threshold - 0.15` for
 * `minSilenceMs`; segments shorter than `minSpeechMs` are dropped, and each
 * is padded by `speechPadMs` on both sides (half the gap when two segments
 * are closer than twice the padding).
 *
 * @module
 */

/** The settings (model.yaml module.config), with silero-vad's defaults. */
export interface SegmentSettings {
  /** A window at or above this probability is speech (0.5). */
  readonly threshold: number;
  /** Segments shorter than this are dropped (250 ms). */
  readonly minSpeechMs: number;
  /** Silence this long ends a segment (100 ms). */
  readonly minSilenceMs: number;
  /** Padding added to both ends of each segment (30 ms). */
  readonly speechPadMs: number;
}

/** silero-vad's defaults. */
export const DEFAULT_SETTINGS: SegmentSettings = {
  threshold: 0.5,
  minSpeechMs: 250,
  minSilenceMs: 100,
  speechPadMs: 30,
};

/** A speech segment in samples: [start, end). */
export interface SampleSegment {
  start: number;
  end: number;
}

/**
 * Segments in samples for `probabilities` (one per `window` samples) of
 * audio `length` samples long at `rate` Hz.
 */
export function speechSegments(
  probabilities: readonly number[],
  window: number,
  length: number,
  rate: number,
  settings: SegmentSettings = DEFAULT_SETTINGS,
): SampleSegment[] {
  const minSpeech = rate * settings.minSpeechMs / 1000;
  const minSilence = rate * settings.minSilenceMs / 1000;
  const pad = rate * settings.speechPadMs / 1000;
  const exit = Math.max(settings.threshold - 0.15, 0.01);
  const segments: SampleSegment[] = [];
  let start: number | null = null;
  let silenceFrom = 0; // 0: no silence under way
  probabilities.forEach((probability, index) => {
    const at = index * window;
    if (probability >= settings.threshold) {
      silenceFrom = 0;
      if (start === null) start = at;
      return;
    }
    if (start === null || probability >= exit) return;
    if (silenceFrom === 0) silenceFrom = at;
    if (at - silenceFrom < minSilence) return;
    if (silenceFrom - start > minSpeech) segments.push({ start, end: silenceFrom });
    start = null;
    silenceFrom = 0;
  });
  if (start !== null && length - start > minSpeech) segments.push({ start, end: length });
  // Padding: half the gap between segments closer than twice the padding.
  segments.forEach((segment, index) => {
    if (index === 0) segment.start = Math.floor(Math.max(0, segment.start - pad));
    const next = segments[index + 1];
    if (next === undefined) {
      segment.end = Math.floor(Math.min(length, segment.end + pad));
      return;
    }
    const gap = next.start - segment.end;
    if (gap < 2 * pad) {
      segment.end += Math.floor(gap / 2);
      next.start = Math.floor(Math.max(0, next.start - gap / 2));
    } else {
      segment.end = Math.floor(Math.min(length, segment.end + pad));
      next.start = Math.floor(Math.max(0, next.start - pad));
    }
  });
  return segments;
}
