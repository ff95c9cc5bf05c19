// The commander tree and global flags; the one place where errors become exit codes.
import { Command, CommanderError, Option } from 'commander';
import { runErrorCode } from './errors.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import type { Io } from './io.js';
import { COLOR_MODES, type ColorMode } from './render/color.js';
import {
  addConnectionOptions,
  addInsightOptions,
  addLoopOptions,
  addOutputOptions,
} from './commands/connection-options.js';
import type { ConfigShowFlags } from './commands/config-show.js';
import type { LoadCommands } from './commands/index.js';
import type { ListFlags, ServeFlags } from './run/flags.js';
import { MIN_INTERVAL_MS } from './run/limits.js';

const VERSION = '0.1.0';
const CONFIG_SHOW_FORMATS = ['text', 'json'];
/**
 * src/sim/builtin-scenarios.ts's names, spelled out so help need not load the simulator (test/cli.test.ts compares).
 */
export const SIM_SCENARIOS = [
  'healthy-3',
  'stale-follower',
  'leader-killed',
  'leader-flap',
  'twelve-nodes',
  'split-brain',
  'cert-expiring',
  'cert-expired',
  'version-skew',
  'lagging-follower',
  'demo',
];

const LIST_EXAMPLES = `
Examples:
  $ ziti-status list controllers --demo
  $ ziti-status list controllers --controller https://ctrl1.example:1280
  $ ziti-status list controllers -c ctrl1.example:1280,ctrl2.example:1280 --no-discover
  $ ZITI_STATUS_CONTROLLERS=ctrl1.example:1280 ziti-status list controllers --json | jq .cluster.verdict
  $ ziti-status list controllers -c ctrl1.example:1280 --fail-on critical --timeout 5
  $ ziti-status list controllers -c ctrl1.example:1280 -u admin --password-stdin --login-method legacy < pw.txt
  $ ziti-status list controllers -c ctrl1.example:1280 'isOnline = false'
  $ ziti-status list controllers -c ctrl1.example:1280 --ziti-compat
  $ ziti-status list controllers --watch 1s --audit-log incidents.jsonl
  $ ziti-status list controllers --watch --events | jq -c 'select(.kind == "status")'

${EXIT_CODE_HELP}
`;

export async function main(argv: readonly string[], io: Io, loadCommands: LoadCommands): Promise<number> {
  let exitCode: number = EXIT.healthy;
  const program = new Command('ziti-status')
    .description('Reconciled health of an OpenZiti HA controller cluster: asks every controller, not just one.')
    .version(VERSION)
    .addOption(new Option('--color <mode>', 'colour output').choices(COLOR_MODES).default('auto'))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // commander's own errors start 'error: '; every error line of ours starts 'ziti-status: '.
      outputError: (s, write) => write(s.replace(/^error: /, 'ziti-status: ')),
    })
    .addHelpText('after', `\n${EXIT_CODE_HELP}\n`);
  const colorMode = () => program.opts<{ color: ColorMode }>().color;

  const list = program.command('list').description('list cluster resources');
  addOutputOptions(addInsightOptions(addLoopOptions(addConnectionOptions(list.command('controllers')))))
    .description('poll every controller and print one reconciled online/offline table')
    .argument(
      '[filter]',
      "a ziti query such as 'isOnline = false': the controller evaluates it, the verdict still covers " +
        'the whole cluster',
    )
    .option(
      '--ziti-compat',
      'print the columns and results: footer of `ziti fabric list controllers`, from the consensus replica',
    )
    .option('--demo', 'start a simulated 3-controller cluster with a stale follower and inspect it')
    .option(
      '-w, --watch [interval]',
      `poll every interval until interrupted (default 5s, at least ${MIN_INTERVAL_MS}ms): a live screen ` +
        `on a terminal, JSON lines when piped`,
    )
    .option('--events', 'with --watch: print only the changes, one JSON event per line')
    .option(
      '--stale-after <duration>',
      'with --watch: flag a controller stale without fresh evidence for this long (default: three intervals)',
    )
    .option('--audit-log <file>', 'with --watch: append every change to this file as a JSON line')
    .addHelpText('after', LIST_EXAMPLES)
    .action(async (filter: string | undefined, flags: ListFlags) => {
      const { runListControllers } = await loadCommands();
      exitCode = await runListControllers(filter === undefined ? flags : { ...flags, filter }, colorMode(), io);
    });

  const config = program.command('config').description('inspect ziti-status configuration');
  addLoopOptions(addConnectionOptions(config.command('show')))
    .description('print the resolved settings, where each came from, secrets masked')
    .addOption(
      new Option('-o, --output <format>', 'text: one tab-separated line per setting; json: one object').choices(
        CONFIG_SHOW_FORMATS,
      ),
    )
    .option('--json', 'shortcut for --output json')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ziti-status config show\n  $ ziti-status config show --config ./ziti-status.yaml ' +
        '-i prod\n  $ ziti-status config show --json | jq .timeout\n',
    )
    .action(async (flags: ConfigShowFlags) => {
      const { runConfigShow } = await loadCommands();
      exitCode = await runConfigShow(flags, io);
    });

  addInsightOptions(addLoopOptions(addConnectionOptions(program.command('serve'))))
    .description(
      'watch the cluster(s) and serve the latest view as Prometheus metrics (/metrics) and /healthz, until SIGTERM',
    )
    .argument('[targets...]', 'controller URLs, as with --controller')
    .option(
      '--listen <host:port>',
      'where to serve /metrics and /healthz; :9464 (no host) is every interface, as Prometheus exporters take it',
      '127.0.0.1:9464',
    )
    .option('--interval <duration>', 'how often to poll (default: state_sync_interval from the config file, else 5s)')
    .option(
      '--cluster-name <name>',
      "the cluster label for the targets given here (default 'default'); several clusters come from " +
        'clusters: in the config file',
    )
    .addHelpText(
      'after',
      `\nExamples:\n  $ ziti-status serve --listen 127.0.0.1:9464 https://ctrl1.example:1280\n  $ ` +
        `ziti-status serve --config clusters.yaml   # clusters: [{name: prod, controllers: [...]}, ...]\n\n` +
        `SIGTERM or Ctrl-C stops it cleanly (exit 0).\n`,
    )
    .action(async (targets: string[], flags: ServeFlags) => {
      const { runServeCommand } = await loadCommands();
      exitCode = await runServeCommand(targets, flags, io);
    });

  program
    .command('schema')
    .description('print the JSON Schema of `list controllers -o json`, for validating what scripts read')
    .addHelpText('after', '\nExamples:\n  $ ziti-status schema > cluster-view.schema.json\n')
    .action(async () => {
      const { runSchema } = await loadCommands();
      exitCode = await runSchema(io);
    });

  program
    .command('simulate')
    .description('run a simulated OpenZiti HA cluster on 127.0.0.1 until interrupted, printing each controller URL')
    .option(
      '--scenario <name|file>',
      `a built-in scenario (${SIM_SCENARIOS.join(', ')}) or a scenario JSON file, relative to the ` +
        `working directory (src/sim/README.md)`,
    )
    .option('--nodes <n>', 'number of healthy controllers (default 3)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ziti-status simulate --nodes 5\n  $ ziti-status simulate --scenario ' +
        'leader-killed\n  $ ziti-status simulate --scenario ./my-scenario.json\n',
    )
    .action(async (opts: { scenario?: string; nodes?: string }) => {
      const { runSimulate } = await loadCommands();
      exitCode = await runSimulate(opts, io);
    });

  try {
    // `help list controllers`: commander's help command passes on only the first name.
    const args = argv[0] === 'help' && argv.length > 2 ? [...argv.slice(1), '--help'] : argv;
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (err) {
    return exitCodeForError(err, io);
  }
}

function exitCodeForError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    // --help and --version end through exitOverride too, with code 0.
    if (err.exitCode === 0) return EXIT.healthy;
    return EXIT.usage; // commander already printed its one-line message
  }
  // By code, not instanceof: the bundled CLI's commands live in another file with its own copy of the classes.
  const code = runErrorCode(err);
  if (code === 'interrupted') return EXIT.interrupted;
  if (code === 'terminated') return EXIT.terminated;
  if (code === 'usage') {
    io.stderr.write(`ziti-status: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  io.stderr.write(`ziti-status: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT.internal;
}
