// The config file's keys, level by level, with the schema of each value, and the "did you mean"
// suggestions for keys that are not there.
import { z } from 'zod';
import { LOGIN_METHODS } from '../client/auth/credentials.js';
import { FAIL_ON } from '../exit-codes.js';
import { OUTPUT_FORMATS } from '../render/render-context.js';

const textSchema = z.string({ error: 'expected a string' }).trim().min(1, { error: 'must not be empty' });
const booleanSchema = z.boolean({ error: 'expected true or false' });
// A bare number is seconds, as `ziti` takes it; parseDuration checks the text afterwards.
const durationSchema = z
  .union([z.string(), z.number()], { error: 'expected a duration such as 500ms, 2s or 5' })
  .transform(String);
const addressesSchema = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(z.string({ error: 'each address must be a string' }), {
    error: 'expected an address or a list of addresses',
  }),
);
const oneOfSchema = (values: readonly [string, ...string[]]) =>
  z.enum(values, {
    error: (issue) =>
      typeof issue.input === 'string'
        ? `'${issue.input}' is not one of ${values.join(', ')}`
        : `expected one of ${values.join(', ')}, not ${describe(issue.input)}`,
  });

// `serve` watches several clusters at once, each under its own `cluster` label.
const clustersSchema = z
  .array(
    z.strictObject({
      name: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_.:-]+$/, { error: 'cluster names are letters, digits and _ . : -' }),
      controllers: addressesSchema,
    }),
    { error: 'expected a list of { name, controllers }' },
  )
  .min(1, { error: 'the list is empty' });

/** Allowed keys, level by level; a leaf is the zod schema of its value. */
export interface KeySpec {
  readonly [key: string]: KeySpec | z.ZodType;
}
export const configFileSpec: KeySpec = {
  controller: {
    heartbeat: { base_timeout: durationSchema, dynamic_adjustment: booleanSchema },
    state_sync_interval: durationSchema,
  },
  controllers: addressesSchema,
  clusters: clustersSchema,
  discover: booleanSchema,
  tls: { ca: textSchema, cert: textSchema, key: textSchema },
  identity: textSchema,
  username: textSchema,
  login_method: oneOfSchema(LOGIN_METHODS),
  password_env: textSchema,
  password_file: textSchema,
  token_file: textSchema,
  output: oneOfSchema(OUTPUT_FORMATS),
  fail_on: oneOfSchema(FAIL_ON),
};
// Names people reach for from the command line's flags.
const KEY_ALIASES: Record<string, string> = {
  timeout: 'controller.heartbeat.base_timeout',
  interval: 'controller.state_sync_interval',
  url: 'controllers',
};

export function unknownKey(key: string, prefix: string, spec: KeySpec): string {
  const where = prefix ? ` in ${prefix}` : '';
  const suggestion = suggestKey(key, prefix, spec);
  if (suggestion !== null) return `unknown key '${key}'${where} (did you mean '${suggestion}'?)`;
  return `unknown key '${key}'${where}; allowed here: ${Object.keys(spec).join(', ')}`;
}

/** A sibling a typo away, else a key from another level or a flag-like alias (`timeout`) given as its full path. */
function suggestKey(key: string, prefix: string, spec: KeySpec): string | null {
  const wanted = key.toLowerCase().replaceAll('-', '_');
  const near = (candidate: string) => editDistance(wanted, candidate) <= (wanted.length >= 5 ? 2 : 1);
  const sibling = Object.keys(spec)
    .filter(near)
    .sort((a, b) => editDistance(wanted, a) - editDistance(wanted, b))[0];
  if (sibling !== undefined) return sibling;
  const elsewhere = leafPaths(configFileSpec, '').find(
    (path) => path !== (prefix ? `${prefix}.${key}` : key) && near(path.slice(path.lastIndexOf('.') + 1)),
  );
  if (elsewhere !== undefined) return elsewhere;
  const alias = Object.keys(KEY_ALIASES).find(near);
  return alias === undefined ? null : (KEY_ALIASES[alias] ?? null);
}

function leafPaths(spec: KeySpec, prefix: string): string[] {
  return Object.entries(spec).flatMap(([key, sub]) => {
    const full = prefix ? `${prefix}.${key}` : key;
    return sub instanceof z.ZodType ? [full] : leafPaths(sub, full);
  });
}

/** Optimal string alignment distance: a swapped pair of letters counts as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** A value's kind, never the value itself (it may be a secret typed in the wrong place). */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return 'true/false';
  return typeof value === 'number' ? 'a number' : 'a string';
}
