/**
 * The model repository: a folder of models kept in step with the registry.
 * At start every model folder is loaded; then the folder is polled, and
 * models whose folder appears, changes or disappears are loaded, reloaded or
 * unloaded without a restart. Models can also be loaded and unloaded by name
 * (the ModelRepository RPCs), and a model folder anywhere on disk can be
 * loaded under a name of its own (ModelMesh's loadModel). A model that fails to load is registered, not
 * ready, with its reason; nothing here ever stops the server. With serving
 * workers (a {@link ServingGroup}), a load or unload by name, whichever
 * worker receives it, is applied on every worker and answered once all
 * have applied it.
 *
 * @module
 */
import { join } from "node:path";
import { asRuntimeError, notFound, notReady, RuntimeError } from "../base/errors.ts";
import type { ModelRegistry } from "../core/registry.ts";
import { isSafeModelName, MODEL_NAME_RULE } from "../core/model_names.ts";
import type { Logger } from "../base/log.ts";
import { hostForFolder } from "./folder_host.ts";
import { type ModelHostFactory, modelHostFactory } from "../hosting/model_host_factory.ts";
import { type InvalidFolder, type ModelFolder, readModelFolder, scanRepository } from "./scan.ts";
import { oneAnswer, type ServingGroup } from "../core/serving_group.ts";

/** The group operations of a repository (one per call that changes what is served). */
const LOAD_OP = "repository.load";
const LOAD_PATH_OP = "repository.loadPath";
const UNLOAD_OP = "repository.unload";

/** Where a model stands, as the repository index reports it. */
export type RepositoryModelStateName = "READY" | "LOADING" | "UNAVAILABLE" | "UNLOADED" | "INVALID";

/** One line of the repository index. */
export interface RepositoryModelState {
  /** Model (folder) name. */
  readonly name: string;
  /** Version served ("" when none). */
  readonly version: string;
  /** Its state. */
  readonly state: RepositoryModelStateName;
  /** Why it is not ready ("" when it is). */
  readonly reason: string;
  /** Where it comes from: `repository`, `bundle` or `training`. */
  readonly origin: string;
}

/** How to run a repository. */
export interface ModelRepositoryOptions {
  /** The repository folder; null serves no repository (index and unload still work). */
  readonly dir: string | null;
  /** The registry models are added to and removed from. */
  readonly registry: ModelRegistry;
  /** Where to log loads, unloads and bad folders. */
  readonly log: Logger;
  /** Milliseconds between scans of the folder; default 1000. */
  readonly pollMs?: number;
  /**
   * Builds the host of every model it loads (batching, batch metrics), the
   * same factory as the default model's; default: batching on, logging to
   * `log`, batches not observed.
   */
  readonly hosts?: ModelHostFactory;
  /**
   * The serving workers of this server: Load, a load from a path and Unload
   * apply on every worker (each worker's repository handles them); absent:
   * this process alone.
   */
  readonly group?: ServingGroup;
}

/**
 * Keeps a registry in step with a repository folder. A class because it has
 * a life cycle (start, poll, stop) and state (what it loaded, what was
 * unloaded on request).
 */
export class ModelRepository {
  /** The repository folder, or null. */
  readonly dir: string | null;
  readonly #registry: ModelRegistry;
  readonly #log: Logger;
  readonly #pollMs: number;
  readonly #hosts: ModelHostFactory;
  readonly #group: ServingGroup | null;
  /** Fingerprints of the folders loaded, by model name. */
  readonly #loaded = new Map<string, string>();
  /** Models unloaded on request; they stay unloaded until Load or their folder goes away. */
  readonly #unloaded = new Set<string>();
  /** Model folders loaded from outside the repository folder, path by model name. */
  readonly #external = new Map<string, string>();
  #invalid = new Map<string, InvalidFolder>();
  #queue: Promise<unknown> = Promise.resolve();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  /** Creates a repository; nothing is read until {@link ModelRepository.start}. */
  constructor(options: ModelRepositoryOptions) {
    this.dir = options.dir;
    this.#registry = options.registry;
    this.#log = options.log;
    this.#pollMs = options.pollMs ?? 1_000;
    this.#hosts = options.hosts ?? modelHostFactory({ log: options.log });
    this.#group = options.group ?? null;
    type Named = { readonly name: string; readonly path?: string };
    this.#group?.handle(LOAD_OP, (payload) => this.#loadHere((payload as Named).name));
    this.#group?.handle(LOAD_PATH_OP, (payload) => {
      const { name, path } = payload as Named;
      return this.#loadPathHere(name, path ?? "");
    });
    this.#group?.handle(
      UNLOAD_OP,
      (payload) => this.#unloadHere((payload as Named).name).then(() => null),
    );
  }

  /**
   * Runs `op` on every serving worker (the latest per model name is applied
   * again on a restarted worker) and answers as one (see {@link oneAnswer}).
   */
  async #everywhere(
    group: ServingGroup,
    op: string,
    payload: { readonly name: string; readonly path?: string },
    what: string,
  ): Promise<unknown> {
    const outcomes = await group.everywhere(op, payload, `model:${payload.name}`);
    return oneAnswer(outcomes, group.worker, what);
  }

  /**
   * Loads every model folder (waiting for each load to finish) and starts
   * polling. A repository folder named like a model registered from
   * elsewhere (the default bundle) is a `bad_request` error; so is a
   * repository folder that cannot be read.
   */
  async start(): Promise<void> {
    if (this.dir === null) return;
    let scan;
    try {
      scan = await scanRepository(this.dir);
    } catch (error) {
      throw new RuntimeError(
        "bad_request",
        `cannot read the model repository ${this.dir}: ${asRuntimeError(error).message}`,
      );
    }
    for (const name of scan.models.keys()) {
      const taken = this.#registry.has(name) ? this.#registry.get(name) : null;
      if (taken && taken.origin !== "repository") {
        throw new RuntimeError(
          "bad_request",
          `model repository folder '${name}' (${join(this.dir, name)}) has the name of the ` +
            `${taken.origin} model already served as '${name}'; rename the folder`,
        );
      }
    }
    await this.#exclusive(() => this.#sync());
    this.#schedule();
  }

  /** Stops polling and waits for a load or unload in progress. Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#queue.catch(() => {});
  }

  /** Scans the folder once now and applies what changed (tests call it to skip the wait). */
  sync(): Promise<void> {
    return this.#exclusive(() => this.#sync());
  }

  /** Every registered model, unloaded repository model and invalid folder, by name. */
  index(): RepositoryModelState[] {
    const states: RepositoryModelState[] = this.#registry.list().map((entry) => ({
      name: entry.name,
      version: entry.version,
      state: entry.host.ready
        ? "READY"
        : entry.host.phase === "loading"
        ? "LOADING"
        : "UNAVAILABLE",
      reason: entry.host.ready ? "" : entry.host.failure?.message ??
        (entry.host.phase === "idle" ? "not loaded yet" : "loading"),
      origin: entry.origin,
    }));
    for (const name of this.#unloaded) {
      states.push({
        name,
        version: "",
        state: "UNLOADED",
        reason: "unloaded on request",
        origin: "repository",
      });
    }
    for (const folder of this.#invalid.values()) {
      states.push({
        name: folder.name,
        version: "",
        state: "INVALID",
        reason: folder.reason,
        origin: "repository",
      });
    }
    return states.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  }

  /**
   * Loads (or reloads, when its files changed or it is not ready) the model
   * in repository folder `name` and answers its state once the load has
   * finished. `not_found` when there is no such model folder; `not_ready`
   * naming the reason when it fails to load (it stays registered, not
   * ready); `bad_request` for a name served from elsewhere.
   */
  load(name: string): Promise<RepositoryModelState> {
    const group = this.#group;
    if (!group) return this.#loadHere(name);
    return this.#everywhere(group, LOAD_OP, { name }, `loading model '${name}'`) as Promise<
      RepositoryModelState
    >;
  }

  #loadHere(name: string): Promise<RepositoryModelState> {
    return this.#exclusive(async () => {
      const folder = await this.#folder(name);
      this.#unloaded.delete(name);
      const current = this.#loaded.get(name);
      const ready = current !== undefined && this.#registry.get(name).host.ready;
      if (current !== folder.fingerprint || !ready) {
        if (current !== undefined) await this.#remove(name, "reloading on request");
        await this.#add(folder);
      }
      const state = this.index().find((model) => model.name === name);
      if (!state || state.state !== "READY") {
        throw notReady(`model '${name}' failed to load: ${state?.reason ?? "unknown reason"}`);
      }
      return state;
    });
  }

  /**
   * Loads the model folder at `path` (any layout a repository folder has),
   * wherever it is, as model `name`, and answers its state once loaded; the
   * repository's scans leave it alone. Loading the same path under the same
   * name again answers at once. `bad_request` for a name already served;
   * `not_found` when `path` holds no model; `not_ready` naming the reason
   * when it fails to load (it is then not kept).
   */
  loadPath(name: string, path: string): Promise<RepositoryModelState> {
    const group = this.#group;
    if (!group) return this.#loadPathHere(name, path);
    const what = `loading model '${name}' from ${path}`;
    return this.#everywhere(group, LOAD_PATH_OP, { name, path }, what) as Promise<
      RepositoryModelState
    >;
  }

  #loadPathHere(name: string, path: string): Promise<RepositoryModelState> {
    return this.#exclusive(async () => {
      if (!isSafeModelName(name)) {
        throw new RuntimeError(
          "bad_request",
          `model name '${name}' is not safe: ${MODEL_NAME_RULE}`,
        );
      }
      const state = () => this.index().find((model) => model.name === name)!;
      if (this.#external.get(name) === path && this.#registry.get(name).host.ready) return state();
      if (this.#registry.has(name)) {
        throw new RuntimeError("bad_request", `a model named '${name}' is already loaded`);
      }
      let folder: ModelFolder | null = null;
      try {
        folder = await readModelFolder(name, path);
      } catch (error) {
        throw notFound(`${path}: ${asRuntimeError(error).message}`);
      }
      if (!folder) throw notFound(`${path} holds no model (model.yaml, config.yml or model.onnx)`);
      const { host, version } = await hostForFolder(folder, this.#hosts);
      const outcome = await host.initialize();
      if (!outcome.ok) {
        await host.close();
        throw notReady(`model '${name}' failed to load: ${outcome.error.message}`);
      }
      this.#registry.add({ name, version, host, origin: "repository" });
      this.#external.set(name, path);
      this.#log.info("model loaded from a path", { model: name, path, version });
      return state();
    });
  }

  /**
   * Unloads the repository model `name`; it stays unloaded (even though its
   * folder is there) until Load names it or its folder is removed.
   * `not_found` when no such model is loaded; `bad_request` for a model not
   * from the repository (the default bundle).
   */
  async unload(name: string): Promise<void> {
    const group = this.#group;
    if (!group) return await this.#unloadHere(name);
    await this.#everywhere(group, UNLOAD_OP, { name }, `unloading model '${name}'`);
  }

  #unloadHere(name: string): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#registry.has(name)) {
        const known = this.#registry.list().map((entry) => entry.name).join(", ") || "none";
        throw notFound(`model '${name}' is not loaded (loaded: ${known})`);
      }
      const entry = this.#registry.get(name);
      if (entry.origin !== "repository") {
        throw new RuntimeError(
          "bad_request",
          `model '${name}' is the ${entry.origin} model, not a model repository model; ` +
            `only repository models can be unloaded`,
        );
      }
      if (this.#external.delete(name)) {
        await this.#remove(name, "unloaded on request");
        return;
      }
      await this.#remove(name, "unloaded on request");
      this.#unloaded.add(name);
    });
  }

  async #folder(name: string): Promise<ModelFolder> {
    const where = this.dir === null ? "(the server has no --models repository)" : this.dir;
    if (this.dir === null || !isSafeModelName(name)) {
      throw notFound(`no model folder '${name}' in the model repository ${where}`);
    }
    const taken = this.#registry.has(name) ? this.#registry.get(name) : null;
    if (taken && (taken.origin !== "repository" || this.#external.has(name))) {
      throw new RuntimeError(
        "bad_request",
        this.#external.has(name)
          ? `model '${name}' was loaded from ${this.#external.get(name)}, not the repository`
          : `model '${name}' is the ${taken.origin} model, not a repository model`,
      );
    }
    let folder: ModelFolder | null = null;
    try {
      folder = await readModelFolder(name, join(this.dir, name));
    } catch {
      folder = null;
    }
    if (!folder) throw notFound(`no model folder '${name}' in the model repository ${where}`);
    return folder;
  }

  async #sync(): Promise<void> {
    if (this.dir === null || this.#stopped) return;
    let scan;
    try {
      scan = await scanRepository(this.dir);
    } catch (error) {
      this.#log.warn("cannot read the model repository; keeping the models loaded", {
        dir: this.dir,
        reason: asRuntimeError(error).message,
      });
      return;
    }
    for (const name of [...this.#loaded.keys()]) {
      if (!scan.models.has(name)) await this.#remove(name, "its folder was removed");
    }
    for (const name of [...this.#unloaded]) {
      if (!scan.models.has(name)) this.#unloaded.delete(name);
    }
    const invalid = new Map(scan.invalid);
    const loads: Promise<unknown>[] = [];
    for (const folder of scan.models.values()) {
      if (this.#unloaded.has(folder.name)) continue;
      if (this.#external.has(folder.name)) {
        invalid.set(folder.name, {
          name: folder.name,
          reason: `the name '${folder.name}' is taken by the model loaded from ` +
            this.#external.get(folder.name),
        });
        continue;
      }
      const taken = this.#registry.has(folder.name) ? this.#registry.get(folder.name) : null;
      if (taken && taken.origin !== "repository") {
        invalid.set(folder.name, {
          name: folder.name,
          reason: `the name '${folder.name}' is taken by the ${taken.origin} model`,
        });
        continue;
      }
      const current = this.#loaded.get(folder.name);
      if (current === folder.fingerprint) continue;
      loads.push(this.#add(folder, current !== undefined));
    }
    await Promise.all(loads);
    for (const folder of invalid.values()) {
      if (this.#invalid.get(folder.name)?.reason !== folder.reason) {
        this.#log.error("model repository folder cannot be served", {
          model: folder.name,
          reason: folder.reason,
        });
      }
    }
    this.#invalid = invalid;
  }

  /** Loads `folder`; a changed model (`replacing`) answers until its new files are up, then swaps. */
  async #add(folder: ModelFolder, replacing = false): Promise<void> {
    const { host, version } = await hostForFolder(folder, this.#hosts);
    const entry = { name: folder.name, version, host, origin: "repository" as const };
    if (!replacing) this.#registry.add(entry);
    this.#loaded.set(folder.name, folder.fingerprint);
    this.#log.info(
      replacing ? "reloading model from the repository" : "loading model from the repository",
      {
        model: folder.name,
        version,
        layout: folder.layout,
        ...(folder.file ? { backend: folder.file.backend.id, file: folder.file.name } : {}),
      },
    );
    await host.initialize();
    if (replacing) await this.#registry.replace(entry);
    this.#registry.notify();
  }

  async #remove(name: string, why: string): Promise<void> {
    this.#loaded.delete(name);
    if (await this.#registry.remove(name)) this.#log.info("model unloaded", { model: name, why });
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.sync().catch((error) =>
        this.#log.error("model repository scan failed", { reason: asRuntimeError(error).message })
      ).finally(() => this.#schedule());
    }, this.#pollMs);
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work, work);
    this.#queue = result.catch(() => {});
    return result;
  }
}
