/**
 * Runs once per `npm test`: builds the local busybox test image (no registry is reachable, so every container test
 * runs this 1 MB image) and checks the daemon answers, so a missing engine fails once with a clear message.
 *
 * It also gives the run a cache folder of its own (transpiled stack files, V8's code for the CLI), inherited by every
 * test process and every CLI they start, so results never depend on what earlier runs left behind and nothing is
 * written to the user's ~/.cache. It is removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestImage } from './test-image';

export default async function setup(): Promise<() => void> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'stackfile-test-cache-'));
  process.env.STACKFILE_CACHE_DIR = cacheDir;
  await ensureTestImage();
  return () => rmSync(cacheDir, { recursive: true, force: true });
}
