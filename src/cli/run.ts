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

main(process.argv).catch(handleError);
