/**
 * The loaded models by name: what every door looks models up in. Names are
 * unique; a model has one served version. Listeners hear about every change
 * (health, metrics, reflection of readiness).
 *
 * @module
 */
import { notFound, RuntimeError } from "../base/errors.ts";
import type { ModelHost } from "./model_host.ts";

/** Where a registered model came from. */
export type ModelOrigin = "bundle" | "repository" | "training";

/** One registered model. */
export interface ModelEntry {
  /** URL-safe name clients use. */
  readonly name: string;
  /** The served version. */
  readonly version: string;
  /** The model's host (life cycle and runs). */
  readonly host: ModelHost;
  /** How it got here. */
  readonly origin: ModelOrigin;
}

/**
 * Models by name. A class because it is shared mutable state with
 * listeners; the data plane and the repository watcher hold the same one.
 */
export class ModelRegistry {
  readonly #models = new Map<string, ModelEntry>();
  readonly #listeners = new Set<() => void>();
  #defaultName: string | null = null;

  /**
   * Registers `entry`. The first model added becomes the default (the one the
   * Modzy door serves when a call names none) unless `asDefault` says which.
   * A name already taken is a `bad_request` error naming it.
   */
  add(entry: ModelEntry, asDefault = false): void {
    if (this.#models.has(entry.name)) {
      throw new RuntimeError("bad_request", `a model named '${entry.name}' is already loaded`);
    }
    this.#models.set(entry.name, entry);
    if (asDefault || this.#defaultName === null) this.#defaultName = entry.name;
    this.#changed();
  }

  /**
   * Puts `entry` in the place of the model of the same name — the default
   * model stays the default — and then closes the one it replaced: calls
   * made from now on reach the new host, so a reload leaves no moment in
   * which the name is unknown. A name not loaded is a `not_found` error.
   */
  async replace(entry: ModelEntry): Promise<void> {
    const old = this.get(entry.name);
    this.#models.set(entry.name, entry);
    this.#changed();
    await old.host.close();
  }

  /** Unregisters and closes the model `name`; false when there was none. */
  async remove(name: string): Promise<boolean> {
    const entry = this.#models.get(name);
    if (!entry) return false;
    this.#models.delete(name);
    if (this.#defaultName === name) this.#defaultName = null;
    this.#changed();
    await entry.host.close();
    return true;
  }

  /**
   * The model `name` (the default model when `name` is empty), checking
   * `version` when given. Unknown names and versions are `not_found` errors.
   */
  get(name?: string, version?: string): ModelEntry {
    const key = name || this.#defaultName;
    const entry = key ? this.#models.get(key) : undefined;
    if (!entry) {
      const known = [...this.#models.keys()].join(", ") || "none";
      throw notFound(
        name ? `model '${name}' is not loaded (loaded: ${known})` : "no model is loaded",
      );
    }
    if (version && version !== entry.version) {
      throw notFound(
        `model '${entry.name}' has no version '${version}' (serving '${entry.version}')`,
      );
    }
    return entry;
  }

  /** True when a model named `name` is registered. */
  has(name: string): boolean {
    return this.#models.has(name);
  }

  /** Every registered model, in registration order. */
  list(): ModelEntry[] {
    return [...this.#models.values()];
  }

  /** The default model's name, or null. */
  get defaultName(): string | null {
    return this.#defaultName;
  }

  /** Calls `listener` after every change; returns a function that unsubscribes. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells listeners that something changed (also used when a model's readiness changes). */
  notify(): void {
    this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
