// Runs the CLI in-process with fake streams, a fixed environment, an empty home and cwd (so no real
// ~/.config or ziti-cli.json is ever read), and a chosen TTY-ness.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli.js';
import { loadCommands } from './load-commands.js';
import { outputJsonSchema } from '../../src/commands/schema.js';
import type { Io, OutStream } from '../../src/io.js';
import type { ClusterView } from '../../src/model.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

export interface CliOptions {
  env?: Record<string, string>;
  tty?: boolean;
  now?: Date;
  cwd?: string;
  homeDir?: string;
  stdin?: string;
  promptAnswer?: string;
  untilInterrupted?: () => Promise<NodeJS.Signals | 'SIGPIPE'>;
  /** Called with every chunk written to stdout, as it is written. */
  onStdout?: (text: string) => void;
}

function capture(tty: boolean, onWrite?: (text: string) => void): OutStream & { text: () => string } {
  const chunks: string[] = [];
  const write = (s: string) => {
    chunks.push(s);
    onWrite?.(chunks.join(''));
    return true;
  };
  return { write, isTTY: tty, columns: 120, text: () => chunks.join('') };
}

export function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'ziti-status-test-'));
}

export function makeIo(options: CliOptions = {}) {
  const stdout = capture(options.tty ?? false, options.onStdout);
  const stderr = capture(options.tty ?? false);
  const io: Io = {
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? emptyDir(),
    homeDir: options.homeDir ?? emptyDir(),
    platform: 'linux',
    now: () => options.now ?? new Date(),
    startedAt: performance.now(),
    readStdin: async () => options.stdin ?? '',
    ...(options.promptAnswer !== undefined ? { promptHidden: async () => options.promptAnswer! } : {}),
    untilInterrupted: options.untilInterrupted ?? (() => new Promise<NodeJS.Signals>(() => {})),
  };
  return { io, stdout: stdout.text, stderr: stderr.text };
}

export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const { io, stdout, stderr } = makeIo(options);
  const code = await main(args, io, loadCommands);
  return { code, stdout: stdout(), stderr: stderr(), elapsedMs: performance.now() - io.startedAt };
}

// Every JSON view a test reads is checked against the published JSON Schema on the way.
const validateView = new Ajv2020({ strict: false, allErrors: true }).compile(outputJsonSchema());

/** `list controllers --json` against the given URLs; returns the parsed view and the run facts. */
export async function listJson(urls: string[], extra: string[] = [], options: CliOptions = {}) {
  const result = await runCli(
    ['list', 'controllers', '--json', ...urls.flatMap((u) => ['--controller', u]), ...extra],
    options,
  );
  if (result.stdout === '') throw new Error(`no JSON on stdout (exit ${result.code}): ${result.stderr}`);
  const view: unknown = JSON.parse(result.stdout);
  if (!validateView(view))
    throw new Error(`output does not match \`ziti-status schema\`: ${JSON.stringify(validateView.errors)}`);
  return { ...result, view: view as ClusterView };
}
