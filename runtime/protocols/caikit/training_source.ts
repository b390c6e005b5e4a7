/**
 * A train request's `DataStreamSource<T>` as training records: the records
 * given inline (`jsondata`), or the files of `file`, `listoffiles` or
 * `directory` (`.csv` with a header row, `.json` holding an array, `.jsonl`
 * one object a line; a directory's `extension`, default `json`, picks its
 * files). The files are checked here, so a bad path answers at once; they
 * are read by the training worker. `s3files` is refused.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { badRequest } from "../../base/errors.ts";
import {
  type RecordFile,
  recordFormatOf,
  type RecordSource,
  type TrainingRecord,
} from "../../train/record_files.ts";

/** A data-stream source in Caikit JSON, by the oneof member set (`empty`: none). */
export type StreamSource =
  | { readonly kind: "empty" }
  | { readonly kind: "jsondata"; readonly records: readonly TrainingRecord[] }
  | { readonly kind: "file"; readonly filename: string }
  | { readonly kind: "listoffiles"; readonly files: readonly string[] }
  | { readonly kind: "directory"; readonly dirname: string; readonly extension: string }
  | { readonly kind: "s3files" };

/** The records of `source`; a missing or unsupported file is `bad_request` naming it. */
export async function recordSourceOf(source: StreamSource): Promise<RecordSource> {
  switch (source.kind) {
    case "empty":
      return { records: [] };
    case "jsondata":
      return { records: source.records };
    case "file":
      return { files: [await recordFile(source.filename)] };
    case "listoffiles": {
      const files: RecordFile[] = [];
      for (const file of source.files) files.push(await recordFile(file));
      return { files };
    }
    case "directory":
      return { files: await directoryFiles(source.dirname, source.extension) };
    case "s3files":
      throw badRequest(
        "S3 training data (s3files) is not supported by this runtime; send jsondata, file, " +
          "listoffiles or directory",
      );
  }
}

async function recordFile(filename: string): Promise<RecordFile> {
  if (filename === "") throw badRequest("training data: the file name is empty");
  const path = resolve(filename);
  const format = recordFormatOf(path);
  if (format === null) {
    throw badRequest(`training data file ${path}: unsupported type; use .csv, .json or .jsonl`);
  }
  const info = await statOf(path);
  if (!info.isFile) throw badRequest(`training data file ${path} is not a file`);
  return { path, format };
}

async function directoryFiles(dirname: string, extension: string): Promise<RecordFile[]> {
  if (dirname === "") throw badRequest("training data: the directory name is empty");
  const path = resolve(dirname);
  const wanted = (extension || "json").replace(/^\./, "").toLowerCase();
  const format = recordFormatOf(`x.${wanted}`);
  if (format === null) {
    throw badRequest(`training data directory: extension '${extension}' is not csv, json or jsonl`);
  }
  const info = await statOf(path);
  if (!info.isDirectory) throw badRequest(`training data directory ${path} is not a directory`);
  const names: string[] = [];
  for await (const entry of Deno.readDir(path)) {
    if (entry.isFile && recordFormatOf(entry.name) === format) names.push(entry.name);
  }
  return names.sort().map((name) => ({ path: join(path, name), format }));
}

async function statOf(path: string): Promise<Deno.FileInfo> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw badRequest(`training data ${path} not found`, { cause: error });
    }
    if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
      throw badRequest(
        `training data ${path}: this server may not read it; allow reading that folder ` +
          `(e.g. deno run --allow-read=${path})`,
        { cause: error },
      );
    }
    throw badRequest(`training data ${path}: ${(error as Error).message}`, { cause: error });
  }
}
