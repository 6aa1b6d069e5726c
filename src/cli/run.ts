import { handleBrokenPipe } from './broken-pipe';
import { handleError } from './handle-error';
import { main } from './main';
import { trace } from '../trace';

/**
 * The CLI's entry: dist/bin.js runs it from the one-file bundle built from this module (dist/cli.bundle.js).
 * Loading it runs the command in process.argv.
 */
trace('cli loaded');
process.on('exit', () => trace('exit'));

handleBrokenPipe();

let failed = false;
main(process.argv).catch((err: unknown) => {
  failed = true;
  handleError(err);
});

/** Arguments that only print (help, the version): everything before `--`, which may be a container's command. */
const PRINT_ONLY = new Set(['-h', '--help', '-V', '--version', 'help']);

/**
 * Whether this run used enough of the command's code for dist/bin.js to keep V8's compiled code of it: not when it
 * printed help or the version, ended in an error, or was stopped by commander for bad usage (exit 1, not through
 * handleError). Runs that end otherwise did their work: `stack dev` ends with 130 at Ctrl-C, `stack plan` with 2
 * when there are changes.
 */
export function worthCaching(exitCode: number): boolean {
  const args = process.argv.slice(2);
  const own = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  return !failed && exitCode !== 1 && !own.some((a) => PRINT_ONLY.has(a));
}
