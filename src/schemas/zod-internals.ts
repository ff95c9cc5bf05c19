// The one module that reads zod's internals: a schema's definition, `schema._zod.def`, which zod
// shows library authors (zod.dev/library-authors) but whose fields it does not hold to semver.
// shape-check.ts builds its yes/no checks from what this returns. A definition is described only
// when this knows it key for key; anything else (a key zod added, a string format, a coercion, a
// check, a kind this does not know) is 'other', and zod alone judges values of that schema: a
// change inside zod can make a run slower, never its answers different.
// test/unit/library-internals.test.ts fails, naming the kind, when one our schemas use is no
// longer recognised; test/property/shape-check.property.test.ts holds the checks to zod's answers.
import type { z } from 'zod';

export type SchemaDef =
  | { kind: 'string' | 'boolean' | 'number' | 'unknown' | 'any' }
  | { kind: 'literal' | 'enum'; values: readonly unknown[] }
  | { kind: 'optional' | 'nullable'; inner: z.ZodType }
  | { kind: 'array'; element: z.ZodType }
  | { kind: 'record'; key: z.ZodType; value: z.ZodType }
  | { kind: 'object'; shape: Readonly<Record<string, z.ZodType>>; catchall: z.ZodType | undefined }
  /** Not described: `type` is zod's name for it, as far as there is one. */
  | { kind: 'other'; type: string };

/** Per kind, the keys of `_zod.def` besides `type` (and an empty `checks`) that this reads. */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  string: [],
  boolean: [],
  number: [],
  unknown: [],
  any: [],
  literal: ['values'],
  enum: ['entries'],
  optional: ['innerType'],
  nullable: ['innerType'],
  array: ['element'],
  record: ['keyType', 'valueType'],
  object: ['shape', 'catchall'],
};

/** What `schema` is, as far as shape-check.ts can reproduce it. */
export function readDef(schema: z.ZodType): SchemaDef {
  const def = (schema as { _zod?: { def?: unknown } })._zod?.def;
  if (!isRecord(def)) return { kind: 'other', type: '(no _zod.def)' };
  const type = typeof def.type === 'string' ? def.type : '(no type)';
  const other: SchemaDef = { kind: 'other', type };
  const known = KNOWN_KEYS[type];
  if (known === undefined) return other;
  for (const key of Object.keys(def)) {
    if (key === 'type' || known.includes(key)) continue;
    if (key === 'checks' && Array.isArray(def.checks) && def.checks.length === 0) continue;
    return other;
  }
  switch (type) {
    case 'literal':
      return Array.isArray(def.values) ? { kind: 'literal', values: def.values } : other;
    case 'enum': {
      // String values only: a numeric TypeScript enum's reverse mappings are entries zod leaves out.
      const values = isRecord(def.entries) ? Object.values(def.entries) : [];
      return values.length > 0 && values.every((v) => typeof v === 'string') ? { kind: 'enum', values } : other;
    }
    case 'optional':
    case 'nullable':
      return isSchema(def.innerType) ? { kind: type, inner: def.innerType } : other;
    case 'array':
      return isSchema(def.element) ? { kind: 'array', element: def.element } : other;
    case 'record':
      return isSchema(def.keyType) && isSchema(def.valueType)
        ? { kind: 'record', key: def.keyType, value: def.valueType }
        : other;
    case 'object': {
      const { shape, catchall } = def;
      if (!isRecord(shape) || !Object.values(shape).every(isSchema)) return other;
      if (catchall !== undefined && !isSchema(catchall)) return other;
      return { kind: 'object', shape: shape as Record<string, z.ZodType>, catchall };
    }
    default:
      return { kind: type as 'string' | 'boolean' | 'number' | 'unknown' | 'any' };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSchema(v: unknown): v is z.ZodType {
  return isRecord(v) && isRecord(v._zod);
}
