#!/usr/bin/env node
import { main } from './cli/main';
import { handleError } from './cli/handle-error';
import { trace } from './trace';

trace('cli loaded');
process.on('exit', () => trace('exit'));

main(process.argv).catch(handleError);
