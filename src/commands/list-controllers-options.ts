// Flags + environment -> validated options for `list controllers`. Every mistake is a UsageError.
import { z } from 'zod';
import { parseDuration } from '../config/duration.js';
import { parseTargetList } from '../config/targets.js';
import { UsageError } from '../config/usage-error.js';
import { FAIL_ON, type FailOn } from '../exit-codes.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/render-context.js';

export const DEFAULT_TIMEOUT = '2s';

/** Raw commander values; commander has already rejected unknown flags. */
export const rawListOptionsSchema = z.object({
  controller: z.array(z.string()).default([]),
  discover: z.boolean().default(true),
  timeout: z.string().default(DEFAULT_TIMEOUT),
  output: z.string().optional(),
  json: z.boolean().default(false),
  failOn: z.string().default('degraded'),
  demo: z.boolean().default(false),
});

export interface ListOptions {
  origins: string[];
  discover: boolean;
  timeoutMs: number;
  format: OutputFormat;
  failOn: FailOn;
  demo: boolean;
}

export function resolveListOptions(raw: unknown, env: Readonly<Record<string, string | undefined>>, stdoutIsTTY: boolean): ListOptions {
  const opts = rawListOptionsSchema.parse(raw);
  const format = resolveFormat(opts.output, opts.json, stdoutIsTTY);
  if (!(FAIL_ON as readonly string[]).includes(opts.failOn)) {
    throw new UsageError(`--fail-on: '${opts.failOn}' is not one of ${FAIL_ON.join(', ')}`);
  }
  const fromFlags = parseTargetList(opts.controller, '--controller');
  const fromEnv = fromFlags.length === 0 && env.ZITI_STATUS_CONTROLLERS ? parseTargetList([env.ZITI_STATUS_CONTROLLERS], 'ZITI_STATUS_CONTROLLERS') : [];
  const origins = fromFlags.length > 0 ? fromFlags : fromEnv;
  if (opts.demo && origins.length > 0 && fromFlags.length > 0) {
    throw new UsageError('--demo starts its own simulated cluster; drop --controller, or drop --demo to ask a real one');
  }
  if (!opts.demo && origins.length === 0) {
    throw new UsageError(
      'no controllers to ask: pass --controller https://ctrl1.example:1280 (repeatable or comma-separated), ' +
        'set ZITI_STATUS_CONTROLLERS, or try --demo for a simulated cluster',
    );
  }
  return {
    origins: opts.demo ? [] : origins,
    discover: opts.discover,
    timeoutMs: parseDuration(opts.timeout, '--timeout'),
    format,
    failOn: opts.failOn as FailOn,
    demo: opts.demo,
  };
}

function resolveFormat(output: string | undefined, json: boolean, tty: boolean): OutputFormat {
  if (output !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(output)) {
    throw new UsageError(`--output: unknown format '${output}'; use one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  if (json && output !== undefined && output !== 'json') throw new UsageError(`--json conflicts with --output ${output}; give one of them`);
  if (json) return 'json';
  return (output as OutputFormat | undefined) ?? (tty ? 'table' : 'plain');
}
