#!/usr/bin/env node
import { main } from './cli/main';
import { handleError } from './cli/handle-error';

main(process.argv).catch(handleError);
