// `npm run example`: builds the local base image if needed, then brings up examples/three-tier with stack up (the
// `stack` command, bin/stack, as npm installs it).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBaseImage } from './base-image.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
await ensureBaseImage();
const args = process.argv.slice(2);
const result = spawnSync(`${root}bin/stack`, [...(args.length ? args : ['up']), '-f', `${root}examples/three-tier`], { stdio: 'inherit' });
process.exit(result.status ?? 1);
