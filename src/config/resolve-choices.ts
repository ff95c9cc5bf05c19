// Settings that must be one of a fixed list (output format, fail-on, login method), checked with the
// flag, variable or file that set them named in the error; the output format also from its shortcut
// flags (--json, --csv ...), which must agree.
import { OUTPUT_FORMATS, type OutputFormat } from '../render/render-context.js';
import { UsageError } from '../errors.js';
import type { ConnectionFlags } from './resolve-types.js';
import { firstSet, sourced, type Sourced } from './settings.js';

/** The output format: a shortcut flag or -o, else the config file, else table on a terminal and plain when piped. */
export function resolveFormat(
  flags: ConnectionFlags,
  fromConfig: Sourced<string | undefined> | null,
  tty: boolean,
): Sourced<OutputFormat> {
  const shortcuts = [
    flags.json ? sourced('json', 'flag', '--json') : null,
    flags.outputJson ? sourced('json', 'flag', '--output-json') : null,
    flags.csv ? sourced('csv', 'flag', '--csv') : null,
    flags.output === undefined ? null : sourced(flags.output, 'flag', '--output'),
  ].filter((f): f is Sourced<string> => f !== null);
  const differing = shortcuts.filter((f) => f.value !== shortcuts[0]!.value);
  if (differing.length > 0)
    throw new UsageError(
      `${shortcuts[0]!.where} conflicts ` +
        `with ${differing[0]!.where}${flags.output ? ` ${flags.output}` : ''}; give one of them`,
    );
  const chosen = firstSet<string>(
    [shortcuts[0] ?? null, fromConfig],
    sourced(tty ? 'table' : 'plain', 'default', tty ? 'terminal' : 'piped'),
  );
  const format = checked(chosen, OUTPUT_FORMATS, 'output');
  if (flags.headers === false && !['table', 'wide', 'plain', 'csv'].includes(format.value)) {
    throw new UsageError(`--no-headers is for table, wide, plain and csv; -o ${format.value} has no header line`);
  }
  return format;
}

/** `setting` as one of `allowed`, or a UsageError naming where it was set (`name` when nowhere). */
export function checked<T extends string>(setting: Sourced<string>, allowed: readonly T[], name: string): Sourced<T> {
  if (!(allowed as readonly string[]).includes(setting.value)) {
    throw new UsageError(`${setting.where || name}: '${setting.value}' is not one of ${allowed.join(', ')}`);
  }
  return setting as Sourced<T>;
}
