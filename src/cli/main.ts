import { Command, Option } from 'commander';

/** Options every command that reads stack.ts accepts. */
export interface GlobalOptions {
  file?: string;
  projectName?: string;
  env?: string;
}

/**
 * The command table. Each command's module is imported only when it runs, so `stack --help` and `stack config`
 * don't pay for dockerode or listr2.
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('stack')
    .description('Typed infrastructure-as-code for Docker: describe services in stack.ts, apply only what changed.')
    .version(require('../../package.json').version as string)
    .option('-f, --file <path>', 'stack.ts to use (default: nearest stack.ts from the current folder up)')
    .option('-p, --project-name <name>', 'project name (default: the stack\'s name, else its folder\'s)')
    .addOption(new Option('-e, --env <name>', 'env overlay to apply (from envs in stack.ts)').env('STACK_ENV'))
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('config')
    .description('print the resolved stack: env overlay applied, short forms expanded, defaults filled')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .action(async (opts: { format: 'yaml' | 'json' }) => (await import('./config.js')).configCommand(globals(), opts));

  program
    .command('check')
    .description('type-check stack.ts and the files it imports, like tsc')
    .action(async () => (await import('./check.js')).checkCommand(globals()));

  program.commands.forEach((c) => c.copyInheritedSettings(program));
  await program.parseAsync(argv);
}
