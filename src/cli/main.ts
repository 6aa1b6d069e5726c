import { Command, InvalidArgumentError, Option } from 'commander';
import { finishWithoutReader } from './broken-pipe';
import { packageVersion } from './project';

/** Options every command that reads stack.ts accepts. */
export interface GlobalOptions {
  file?: string;
  projectName?: string;
  env?: string;
  /** `--profile` (repeatable) or STACK_PROFILES (comma-separated). */
  profile?: string[];
  /** `--context NAME`: the docker context to talk to (docker/endpoint.ts). */
  context?: string;
  /** `--target`: the deployment target, over stack.ts's `target`. */
  target?: 'containers' | 'swarm';
}

/** `--target NAME` on the commands that act on a deployment (up, plan, down, ps, logs, exec). */
const targetOption = () => new Option('--target <name>', "deployment target (default: stack.ts's target, else containers)").choices(['containers', 'swarm']);

/** Numeric flags are checked where they are parsed, so a typo fails before anything is read or changed. */
function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return n;
}

/** `--profile a --profile b`, or STACK_PROFILES=a,b as Compose's COMPOSE_PROFILES. */
function collectProfiles(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((p) => p.trim()).filter(Boolean)];
}

/** -f/--file, -p/--project-name and --env, on stack itself and on every command. */
function withGlobalOptions(cmd: Command, { shortFile = true }: { shortFile?: boolean } = {}): Command {
  return cmd
    .option(`${shortFile ? '-f, ' : ''}--file <path>`, 'stack.ts to use, or its folder (default: nearest stack.ts from the current folder up)')
    .option('-p, --project-name <name>', "project name (default: the stack's name, else its folder's)")
    .addOption(new Option('--env <name>', 'env overlay to apply (from envs in stack.ts)').env('STACK_ENV'))
    .addOption(new Option('--profile <name>', 'enable services with this profile (repeatable)').env('STACK_PROFILES').argParser(collectProfiles))
    .option('--context <name>', 'docker context to use (overrides DOCKER_HOST, DOCKER_CONTEXT and `docker context use`)');
}

/**
 * Stands in for a command that is not run: every call of its definition does nothing and returns it again. (Not a
 * thenable: awaited by mistake, it would never settle.)
 */
const NOT_RUN: Command = new Proxy({}, { get: (_, key) => (key === 'then' ? undefined : () => NOT_RUN) }) as Command;

/**
 * The command table. Each command's module is imported only when it runs, so `stack --help` and `stack config`
 * don't pay for dockerode or listr2.
 *
 * When the command line starts with a command's name (`stack export kubernetes -o k8s`), only that command is
 * defined: defining all thirty with their options was ~4 ms of every run. Anything else (help, options before the
 * command, a name that is no command, when `every` is set by the second pass) defines them all, for commander to list
 * and suggest from.
 */
export async function main(argv: string[], { every = false }: { every?: boolean } = {}): Promise<void> {
  const only = every || argv[2] === 'help' || !/^[a-z]+$/.test(argv[2] ?? '') ? undefined : argv[2];
  const wanted = (name: string) => only === undefined || only === name;
  const program = withGlobalOptions(new Command('stack'))
    .description('Typed infrastructure-as-code for Docker: describe services in stack.ts, apply only what changed.')
    .version(packageVersion())
    // Options before the command name belong to stack, after it to the command: `stack logs -f` is follow, as in
    // Compose, while every command also takes -f/--file itself (logs only as --file).
    .enablePositionalOptions()
    .showHelpAfterError('hint: stack <command> --help shows its options')
    // An unknown command also lists the commands there are (commander has already suggested the closest).
    .configureOutput({ outputError: (str, write) => write(str.startsWith('error: unknown command') ? `${str}commands: ${program.commands.map((c) => c.name()).join(', ')}\n` : str) })
    // --context outranks DOCKER_HOST as in the docker CLI; it is settled before any command talks to the daemon.
    .hook('preAction', async (_program, action) => {
      const { context } = action.optsWithGlobals<GlobalOptions>();
      if (context) (await import('../docker/endpoint.js')).chooseDockerContext(context);
    });
  /** `changesStack`: the command finishes even when the reader of its output goes away (see broken-pipe.ts). */
  const command = (name: string, options: { shortFile?: boolean; changesStack?: boolean } = {}) => {
    if (!wanted(name)) return NOT_RUN;
    const cmd = withGlobalOptions(program.command(name), options);
    return options.changesStack ? cmd.hook('preAction', finishWithoutReader) : cmd;
  };
  /** A command without the global options (init, import, export, version); NOT_RUN unless it is the one wanted. */
  const plainCommand = (name: string) => (wanted(name) ? program.command(name) : NOT_RUN);
  const globals = (args: unknown[]): GlobalOptions => (args[args.length - 1] as Command).optsWithGlobals<GlobalOptions>();

  plainCommand('init')
    .description('create a project from a template in the current folder (never overwrites a file)')
    .argument('[template]', 'template to use (default: node-postgres-redis; --list shows them all)')
    .option('--list', 'list the templates')
    .action(async (template: string | undefined, opts: { list?: boolean }) => (await import('./init.js')).initCommand(template, opts));

  command('config')
    .description('print the resolved stack: env overlay applied, short forms expanded, defaults filled')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--explain [vars...]', 'say where each variable comes from (which env file and line, or the process environment) and what it overrode')
    .action(async (opts: { format: 'yaml' | 'json'; explain?: true | string[] }, ...rest) => (await import('./config.js')).configCommand(globals(rest), opts));

  command('check')
    .description('type-check stack.ts and the files it imports, like tsc')
    .action(async (...args) => (await import('./check.js')).checkCommand(globals(args)));

  command('plan')
    .addOption(targetOption())
    .description('show what up would change, field by field; changes nothing (exit 0 = no changes, 2 = changes)')
    .argument('[services...]', 'plan only these services and their dependencies')
    .option('--json', 'print the plan as JSON')
    .option('-v, --verbose', 'also list resources that stay as they are')
    .addOption(new Option('--pull <policy>', 'pull policy up would use').choices(['always', 'missing', 'never']).default('missing'))
    .action(async (services: string[], opts, cmd) => (await import('./plan.js')).planCommand(globals([cmd]), services, opts));

  command('up', { changesStack: true })
    .addOption(targetOption())
    .description('create, recreate and start what changed, in dependency order, and wait until all is ready')
    .argument('[services...]', 'bring up only these services and their dependencies')
    .addOption(new Option('--pull <policy>', 'when to pull images').choices(['always', 'missing', 'never']).default('missing'))
    .option('--no-wait', 'return once containers are started, without waiting for health')
    .option('--wait-timeout <seconds>', 'how long to wait for services to be ready', wholeNumber, 120)
    .option('--recreate-volumes', 'allow deleting and recreating named volumes whose config changed (DATA IS LOST)')
    .option('-d, --detach', 'accepted for Compose habits: up always runs in the background and returns once all is ready')
    .option('--force-recreate', 'recreate containers even if nothing changed')
    .option('--no-deps', 'do not start the services the named ones depend on')
    .option('--remove-orphans', "accepted: up always removes containers of services no longer in stack.ts (the default)")
    .option('--build', 'build images before starting (the default: images with a build are always rebuilt, from cache)')
    .option('--no-build', 'do not build images; use what is there (a missing one is an error)')
    .addOption(new Option('--progress <mode>', 'how to show progress (default: tty on a terminal, else plain: one line per event)').choices(['tty', 'plain', 'json', 'quiet']))
    .option('--force', 'switch the project to this env even though it was last applied with another one')
    .option('--scale <service=n>', 'run N containers of a service, overriding replicas (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--check', 'type-check stack.ts first, as `stack check`, and change nothing if it has type errors')
    .action(async (services: string[], opts, cmd) => (await import('./up.js')).upCommand(globals([cmd]), services, opts));

  command('dev', { changesStack: true })
    .description('up, then stay attached: every service\'s logs, stack.ts changes applied as you save, watch rules (env dev by default when defined)')
    .option('--keep', 'on Ctrl-C, leave the containers running (default: stop them, kept for the next run)')
    .option('--type-check', 'type-check stack.ts in the background after each save and say its errors (default: on in a terminal)')
    .option('--no-type-check', 'do not type-check stack.ts in the background')
    .action(async (opts, cmd) => (await import('./dev.js')).devCommand(globals([cmd]), opts));

  command('down', { changesStack: true })
    .addOption(targetOption())
    .description('stop and remove the project\'s containers and networks (works without stack.ts: -p NAME)')
    .option('-v, --volumes', 'also remove named volumes (DATA IS LOST)')
    .option('-t, --timeout <seconds>', 'seconds to wait for each container to stop before killing it', wholeNumber)
    .option('--remove-orphans', "accepted: down always removes every container of the project, those of services no longer in stack.ts and `stack run`'s included")
    .action(async (opts, cmd) => (await import('./down.js')).downCommand(globals([cmd]), opts));

  command('ps')
    .addOption(targetOption())
    .description("list the project's running containers: name, image, command, age, status with health, ports (-a: stopped ones too)")
    .argument('[services...]', 'only these services')
    .option('-a, --all', 'also stopped and created containers')
    .option('-q, --quiet', 'only container IDs')
    .option('--services', 'only service names')
    .option('--format <format>', 'table (default), json, or a template like "{{.Name}} {{.Status}}"')
    .option('--json', 'print as JSON (same as --format json), every field')
    .action(async (services: string[], opts, cmd) => (await import('./ps.js')).psCommand(globals([cmd]), opts, services));

  command('logs', { shortFile: false })
    .addOption(targetOption())
    .description('show service logs, prefixed with the service name (-f is --follow here; --file names the stack)')
    .argument('[services...]', "only these services; a path (./app, ../x/stack.ts) is the stack's folder or file")
    .option('-f, --follow', 'keep following, including containers started later')
    .option('-n, --tail <lines>', 'lines from the end of each log (default: all)', wholeNumber)
    .option('-t, --timestamps', 'show timestamps')
    .action(async (services: string[], opts, cmd) => (await import('./logs.js')).logsCommand(globals([cmd]), services, opts));

  command('exec')
    .addOption(targetOption())
    .description('run a command in a running service container; stdin is forwarded (typed or piped); its exit code is passed through')
    .argument('<service>', 'service to run in')
    .argument('[command...]', 'command and its arguments, options included (stack exec api ls -la /www)')
    // Options after the service belong to the command: `stack exec api ls -la` runs `ls -la`.
    .passThroughOptions()
    .option('--index <n>', 'replica number', wholeNumber, 1)
    .option('-e, --environment <KEY=VAL>', "set an environment variable (repeatable; KEY alone takes this shell's value)", (v: string, prev: string[] = []) => [...prev, v])
    .option('-u, --user <user>', 'user to run as')
    .option('-w, --workdir <dir>', 'working directory')
    .option('-i, --interactive', 'forward stdin (the default, as in Compose)')
    .option('--no-interactive', 'do not forward stdin')
    .option('-T, --no-tty', 'do not allocate a TTY even if stdin is one (stdin is still forwarded)')
    .action(async (service: string, args: string[], opts, cmd) => (await import('./exec.js')).execCommand(globals([cmd]), service, args, { ...opts, env: opts.environment }));

  plainCommand('import')
    .description('write stack.ts from compose files (Compose\'s merge rules; -f overrides as --env overlays)')
    .argument('[files...]', 'compose files merged in order, as docker compose -f (default: compose.yaml / docker-compose.yml and its override file here)')
    .option('-o, --output <file>', 'stack.ts to write (- prints it)', 'stack.ts')
    .option('--force', 'replace the output file if it exists')
    .option('--env <name=file>', 'merge FILE over the base files and write the difference as envs.NAME (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .addHelpText('after', `
Env mapping: the FILES are the base (merged like docker compose -f a -f b) and become services, volumes,
networks, secrets and configs. Each --env NAME=FILE is merged over the base with Compose's rules (environment,
labels by name; ports, volumes by target; lists like cap_add joined) and written as envs.NAME, the difference
in stack.ts overlay terms (objects merge, a changed list is written whole, null removes), so
  stack config --env prod    equals    docker compose -f FILES -f prod-file config
${'  '}stack import docker-compose.yml --env dev=docker-compose.dev.yml --env prod=docker-compose.prod.yml
Variables (\${VAR}, \${VAR:-default}, \${VAR:?error}) become ctx.vars reads, read from .env beside stack.ts as
Compose reads .env beside the compose file. A key stackfile cannot express is listed on stderr and written as a
// TODO comment where it was; everything else is still written.`)
    .action(async (files: string[], opts) => (await import('./import.js')).importCommand(files, opts));

  // `stack export FORMAT`: the resolved stack written for another tool. Each format is a subcommand with its own
  // options, and its module loads only when it runs.
  const exporter = plainCommand('export')
    .description('write the resolved stack for another tool (compose, kubernetes)')
    // `stack export yaml`: the formats there are, not the program's commands.
    .configureOutput({ outputError: (str, write) => write(str.startsWith('error: unknown command') ? `${str}formats: ${exporter.commands.map((c) => c.name()).join(', ')}\n` : str) });
  const exportCommand = (name: string) => withGlobalOptions(exporter.command(name));

  exportCommand('compose')
    .description('write a Compose file (snake_case) that docker compose and docker-compose 1.29 accept')
    .option('-o, --output <file>', 'file to write (default: standard output)')
    .option('--force', 'replace the output file even if an export did not write it')
    .action(async (opts, cmd) => (await import('./export-compose.js')).exportComposeCommand(globals([cmd]), opts));

  exportCommand('kubernetes')
    .description('write Kubernetes manifests for the resolved stack (apply them with kubectl apply -f)')
    .option('-o, --output <path>', 'folder (one file per object) or .yaml file to write (default: standard output)')
    .option('--namespace <name>', "existing namespace to put every object in (default: the project's name, a Namespace the output creates)")
    .addOption(new Option('--service-type <type>', 'Service type for published ports').choices(['LoadBalancer', 'NodePort']).default('LoadBalancer'))
    .addOption(new Option('--bind-mounts <mode>', "bind mounts: an error, or hostPath volumes of the node's path").choices(['error', 'host-path']).default('error'))
    .option('--with-secret-values', 'embed secret values (base64) in the Secrets, e.g. for a local cluster (default: keys only)')
    .option('--network-policies', "write NetworkPolicies that allow exactly what the stack's networks allow")
    .option('--strict', 'treat warnings (keys a cluster cannot honour) as errors')
    .option('--wait-image <image>', 'image of the init containers that wait for a dependency (needs sh and nc)', 'busybox:1.36')
    .option('--kubectl-image <image>', 'image of the init containers that wait for a Job (needs sh and kubectl)', 'registry.k8s.io/kubectl:v1.33.0')
    .option('--storage-class <name>', "storage class of the volumes' claims (default: the cluster's default)")
    .option('--force', 'replace files that an export did not write (without it, they are left alone and the export fails)')
    .action(async (opts, cmd) => (await import('./export-kubernetes.js')).exportKubernetesCommand(globals([cmd]), opts));

  command('restart', { changesStack: true })
    .description('restart service containers as they are')
    .argument('[services...]', 'only these services')
    .option('-t, --timeout <seconds>', 'seconds to wait for each container to stop', wholeNumber)
    .action(async (services: string[], opts, cmd) => (await import('./restart.js')).restartCommand(globals([cmd]), services, opts));

  const repeatable = (v: string, prev: string[] = []) => [...prev, v];
  command('stop', { changesStack: true })
    .description('stop service containers, keeping them (dependents first; start or up starts them again)')
    .argument('[services...]', 'only these services')
    .option('-t, --timeout <seconds>', 'seconds to wait for each container to stop before killing it', wholeNumber)
    .action(async (services: string[], opts, cmd) => (await import('./stop.js')).stopCommand(globals([cmd]), services, opts));

  command('start', { changesStack: true })
    .description('start stopped service containers as they are (dependencies first; up applies config changes)')
    .argument('[services...]', 'only these services')
    .action(async (services: string[], _opts, cmd) => (await import('./start.js')).startCommand(globals([cmd]), services));

  command('kill', { changesStack: true })
    .description('send a signal to running service containers (SIGKILL by default)')
    .argument('[services...]', 'only these services')
    .option('-s, --signal <signal>', 'signal to send', 'SIGKILL')
    .action(async (services: string[], opts, cmd) => (await import('./kill.js')).killCommand(globals([cmd]), services, opts));

  command('rm', { changesStack: true, shortFile: false })
    .description('remove stopped service containers (never named volumes)')
    .argument('[services...]', 'only these services')
    .option('-s, --stop', 'stop running containers first, and remove them too')
    .option('-f, --force', 'accepted for Compose habits: rm never asks')
    .option('-v, --volumes', "also remove the containers' anonymous volumes")
    .action(async (services: string[], opts, cmd) => (await import('./rm.js')).rmCommand(globals([cmd]), services, opts));

  command('build')
    .description("build the images of services with a build (each image once), without creating containers")
    .argument('[services...]', 'only these services')
    .action(async (services: string[], _opts, cmd) => (await import('./build.js')).buildCommand(globals([cmd]), services));

  command('pull')
    .description('pull the images of services without a build, so the next up starts from them')
    .argument('[services...]', 'only these services')
    .option('--ignore-pull-failures', 'pull what can be pulled and warn about the rest')
    .action(async (services: string[], opts, cmd) => (await import('./pull.js')).pullCommand(globals([cmd]), services, opts));

  command('push')
    .description('push the images of services with a build to their registry')
    .argument('[services...]', 'only these services')
    .action(async (services: string[], _opts, cmd) => (await import('./push.js')).pushCommand(globals([cmd]), services));

  command('run', { changesStack: true })
    .description("run a one-off command in a new container with the service's config, after its dependencies are up; its exit code is passed through")
    .argument('<service>', 'service whose config to use')
    .argument('[command...]', "command and arguments, options included (default: the service's command)")
    .passThroughOptions()
    .option('--rm', 'remove the container when it exits')
    .option('--no-deps', 'do not start the services it depends on')
    .option('-d, --detach', 'start it in the background and print its name')
    .option('-e, --environment <KEY=VAL>', "set an environment variable (repeatable; KEY alone takes this shell's value)", repeatable)
    .option('-u, --user <user>', 'user to run as')
    .option('-w, --workdir <dir>', 'working directory')
    .option('--name <name>', 'container name (default: <project>-<service>-run-<random>)')
    .option('--service-ports', "publish the service's ports (off by default, so the run never clashes with the service)")
    .option('-i, --interactive', 'forward stdin (the default)')
    .option('--no-interactive', 'do not forward stdin')
    .option('-T, --no-tty', 'do not allocate a TTY even if stdin is one')
    .action(async (service: string, args: string[], opts, cmd) => (await import('./run-command.js')).runCommand(globals([cmd]), service, args, opts));

  command('cp')
    .description('copy files between a service container and this machine: stack cp api:/app/log ./log, stack cp ./seed db:/tmp/')
    .argument('<source>', 'SERVICE:PATH or a local path')
    .argument('<dest>', 'SERVICE:PATH or a local path')
    .option('--index <n>', 'replica number', wholeNumber, 1)
    .action(async (source: string, dest: string, opts, cmd) => (await import('./cp.js')).cpCommand(globals([cmd]), source, dest, opts));

  command('top')
    .description('the processes running in each service container')
    .argument('[services...]', 'only these services')
    .action(async (services: string[], _opts, cmd) => (await import('./top.js')).topCommand(globals([cmd]), services));

  command('images')
    .description("the images the project's containers run: repository, tag, ID, size")
    .argument('[services...]', 'only these services')
    .option('-q, --quiet', 'only image IDs')
    .option('--json', 'print as JSON')
    .action(async (services: string[], opts, cmd) => (await import('./images.js')).imagesCommand(globals([cmd]), services, opts));

  command('port')
    .description('where a container port is published on the host')
    .argument('<service>', 'service')
    .argument('<port>', 'container port, e.g. 8080 or 53/udp')
    .option('--protocol <protocol>', 'tcp or udp', 'tcp')
    .option('--index <n>', 'replica number', wholeNumber, 1)
    .action(async (service: string, port: string, opts, cmd) => (await import('./port.js')).portCommand(globals([cmd]), service, port, opts));

  command('events')
    .description("the project's container events as they happen, until Ctrl-C")
    .argument('[services...]', 'only these services')
    .option('--json', 'one JSON object per line')
    .action(async (services: string[], opts, cmd) => (await import('./events.js')).eventsCommand(globals([cmd]), services, opts));

  plainCommand('version')
    .description("stackfile's version, and Node's and the Docker engine's")
    .option('--short', "only stackfile's version")
    .option('--json', 'print as JSON')
    .action(async (opts) => (await import('./version.js')).versionCommand(opts));

  // The first word was no command's name: define them all, for commander's message about it.
  if (program.commands.length === 0) return main(argv, { every: true });
  await program.parseAsync(argv);
}
