/**
 * Removes `globalThis.Float16Array` before onnxruntime-node is loaded.
 *
 * Why: Deno 2.8.3 ships a native `Float16Array`. When it exists,
 * onnxruntime-common maps the `float16` tensor type to it (the one-time
 * `checkTypedArray()` in `tensor-impl-type-mapping.js`, run lazily by the
 * first `new Tensor(...)`, and the `Uint16Array` -> `Float16Array` rewrap in
 * `tensor-impl.js`). The onnxruntime-node binding then asks N-API about a
 * Float16Array, which Deno's N-API layer does not know, and the whole process
 * aborts (a panic at `ext/napi/js_native_api.rs`, "unreachable") as soon as an
 * fp16 tensor crosses a session. Without `Float16Array`, onnxruntime-common
 * stores float16 tensors as `Uint16Array` bit patterns, which the binding
 * handles. The check runs at tensor creation, not at module evaluation, but
 * this guard is imported first by `ort.ts` so it runs before any of that code
 * is even loaded. Import this module only from `ort.ts`.
 *
 * @module
 */

/** Whether `globalThis.Float16Array` is absent, as the onnxruntime binding requires. */
export function float16ArrayRemoved(): boolean {
  return !("Float16Array" in globalThis);
}

if (!float16ArrayRemoved()) {
  // deno-lint-ignore no-explicit-any
  delete (globalThis as any).Float16Array;
}
