/**
 * Runs once per `npm test`: builds the local busybox test image (no registry is reachable, so every container test
 * runs this 1 MB image) and checks the daemon answers, so a missing engine fails once with a clear message.
 */
import { ensureTestImage } from './test-image';

export default async function setup(): Promise<void> {
  await ensureTestImage();
}
