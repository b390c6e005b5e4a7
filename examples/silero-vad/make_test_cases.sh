#!/bin/sh
# Makes the input.wav of each test case with Debian's espeak-ng and SoX
# (apt-get install espeak-ng sox): 0.8 s of silence, "Hello world.", 0.8 s of
# silence, "Find the speech.", 0.5 s of silence (espeak-ng adds its own pauses); then writes it in the case's
# encoding. results.json is what the model answers (run example_test.ts, or
# --check, to compare). Re-run from anywhere; espeak-ng 1.51 and SoX 14.4 give
# the same bytes each time (-R: repeatable, -D: no dither).
set -eu
mkdir -p "$(dirname "$0")/0.1.0/test_cases"
cd "$(dirname "$0")/0.1.0/test_cases"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
espeak-ng -v en-us -s 150 -w "$work/first.wav" "Hello world."
espeak-ng -v en-us -s 150 -w "$work/second.wav" "Find the speech."
rate=$(soxi -r "$work/first.wav")
sox -R -D -n -r "$rate" -c 1 -b 16 "$work/silence1.wav" trim 0 0.8
sox -R -D -n -r "$rate" -c 1 -b 16 "$work/silence05.wav" trim 0 0.5
sox -R -D "$work/silence1.wav" "$work/first.wav" "$work/silence1.wav" "$work/second.wav" \
  "$work/silence05.wav" "$work/speech.wav"
# 16 kHz mono 16-bit PCM.
mkdir -p two_sentences_16k_mono_s16
sox -R -D "$work/speech.wav" -r 16000 -c 1 -b 16 -e signed-integer \
  two_sentences_16k_mono_s16/input.wav
# 44.1 kHz stereo 24-bit PCM (the voice on both channels, quieter on the right).
mkdir -p two_sentences_44k1_stereo_s24
sox -R -D "$work/speech.wav" -r 44100 -c 2 -b 24 -e signed-integer \
  two_sentences_44k1_stereo_s24/input.wav remix 1v0.9 1v0.6
