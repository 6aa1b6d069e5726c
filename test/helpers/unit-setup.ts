/** `npm run test:unit`'s setup: the run's own temporary and cache folders, as in the full run, but no test image. */
import { rmSync } from 'node:fs';
import { runFolder } from './global-setup';

export default function setup(): () => void {
  const root = runFolder();
  return () => rmSync(root, { recursive: true, force: true });
}
