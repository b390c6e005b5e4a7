/**
 * The folder a new bundle is written into (`--scaffold`, `--init`).
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";

/**
 * Makes `dir` an empty folder to write a bundle into: created when absent;
 * when it holds anything, replaced with `force`, else a `bad_request`.
 */
export async function prepareFolder(dir: string, force: boolean): Promise<void> {
  let entries = 0;
  try {
    for await (const _ of Deno.readDir(dir)) entries++;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (entries > 0) {
    if (!force) throw badRequest(`${dir} exists and is not empty; pass --force to replace it`);
    await Deno.remove(dir, { recursive: true });
  }
  await Deno.mkdir(dir, { recursive: true });
}
