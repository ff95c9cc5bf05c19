// The options each command that talks to a cluster takes: the connection options all of them
// share (list controllers, config show, serve), the poll-loop one (list's --watch and serve), and
// list's output options. Each command gets only the sets it uses (test/option-coverage.test.ts).
import { Option, type Command } from 'commander';
import { LOGIN_METHODS } from '../client/auth/credentials.js';
import { FAIL_ON } from '../exit-codes.js';
import { OUTPUT_FORMATS } from '../render/render-context.js';

export function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '-c, --controller <url>',
      'a controller URL or host:port (repeatable, comma-separated); env ZITI_STATUS_CONTROLLERS',
      collect,
      [],
    )
    .option('--no-discover', 'poll only the given controllers, not those found in their replicas')
    .option(
      '--timeout <duration>',
      'one deadline for the whole run: seconds (5) or 500ms, 2s, 1m30s (default: 2s); in --watch and ' +
        "serve, the base of each poll's deadline",
    )
    .option(
      '--config <file>',
      'config file (default: ./ziti-status.yaml, then $XDG_CONFIG_HOME/ziti-status/config.yaml)',
    )
    .option('-u, --username <name>', 'log in as this user; env ZITI_STATUS_USERNAME')
    .option(
      '-p, --password <password>',
      'password (visible in process lists: prefer --password-stdin or ZITI_STATUS_PASSWORD)',
    )
    .option('--password-stdin', 'read the password from standard input')
    .addOption(
      new Option(
        '--login-method <method>',
        'password/certificate login: auto (OIDC where /version offers it, else legacy), oidc, or legacy ' +
          '(/authenticate); a token or stored login is used as is; env ZITI_STATUS_LOGIN_METHOD (default: ' +
          'auto)',
      ).choices(LOGIN_METHODS),
    )
    .option('--token <token>', 'a ready zt-session or bearer token; env ZITI_STATUS_TOKEN')
    .option('-i, --cli-identity <name>', 'use this `ziti edge login` identity from ziti-cli.json')
    .option('--ca <file>', "PEM bundle of CAs that sign the controllers' certificates")
    .option('--cert <file>', 'client certificate (PEM) for mutual TLS and certificate login')
    .option('--key <file>', 'private key (PEM) of --cert')
    .option('--insecure', 'skip TLS certificate verification (never the default, never from a config file)');
}

/** --no-dynamic-timeout: for the commands that poll in a loop (list's --watch, serve). */
export function addLoopOptions(command: Command): Command {
  return command.option(
    '--no-dynamic-timeout',
    "in --watch and serve, keep every poll's deadline at --timeout instead of adapting it to the controller's latency",
  );
}

/**
 * The thresholds of the checks beyond isOnline (docs/design.md section 3): for list controllers and
 * serve. --max-elections needs a loop (list's --watch, serve): one run sees one leader.
 */
export function addInsightOptions(command: Command): Command {
  return command
    .option(
      '--max-lag <entries>',
      'flag a member lagging more than this many raft entries behind the leader (default: 100)',
    )
    .option('--cert-warn <duration>', 'flag a certificate expiring within this long, e.g. 30d, 72h (default: 30d)')
    .option(
      '--max-elections <count>',
      'in --watch and serve: flag leader-flap past this many leader changes within 10 minutes (default: 2)',
    );
}

/** How list controllers prints its view and which verdict fails the run. */
export function addOutputOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-o, --output <format>', 'output format (default: table on a terminal, plain when piped)').choices(
        OUTPUT_FORMATS,
      ),
    )
    .option('--json', 'shortcut for --output json')
    .option('-j, --output-json', 'the same as --json (as `ziti` spells it)')
    .option('--csv', 'shortcut for --output csv (as `ziti` spells it)')
    .option('--no-headers', 'rows only, no header line (table, wide, plain, csv)')
    .addOption(
      new Option('--fail-on <level>', 'lowest verdict that exits non-zero (default: degraded)').choices(FAIL_ON),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
