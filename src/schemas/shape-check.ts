// A yes/no check equivalent to `schema.safeParse(value).success`, for the zod types our response
// schemas use, that builds nothing. zod copies every object it accepts; at 100 controllers that
// is 10,000 replica rows and 10,000 member rows per run, ~50 ms of parsing plus the garbage.
// fetch-json.ts takes a value that passes as it is and asks zod only about one that does not, so
// zod still writes every error message. What a schema is comes from zod-internals.ts, the one
// reader of zod's internals; anything it does not describe (refinements, transforms, unions,
// strict objects, formats, checks on strings and numbers) yields no check, and zod decides alone.
// An own "__proto__" key (JSON.parse makes one) also goes to zod, which drops it from its copy:
// the value passed on as it is must be the value zod would have produced, less unknown keys.
// test/property/shape-check.property.test.ts holds the two to the same answers.
import type { z } from 'zod';
import { readDef } from './zod-internals.js';

export type ShapeCheck = (value: unknown) => boolean;

const cache = new WeakMap<z.ZodType, ShapeCheck | null>();

/** The check for `schema`, or null when it uses something this does not reproduce exactly. */
export function shapeCheckOf(schema: z.ZodType): ShapeCheck | null {
  let check = cache.get(schema);
  if (check === undefined) {
    check = build(schema);
    cache.set(schema, check);
  }
  return check;
}

function build(schema: z.ZodType): ShapeCheck | null {
  const def = readDef(schema);
  switch (def.kind) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'unknown':
    case 'any':
      return () => true;
    case 'literal':
    case 'enum': {
      const values = def.values;
      return (v) => values.includes(v);
    }
    case 'optional':
      return orElse(def.inner, (v) => v === undefined);
    case 'nullable':
      return orElse(def.inner, (v) => v === null);
    case 'array':
      return arrayCheck(def.element);
    case 'record':
      return recordCheck(def.key, def.value);
    case 'object':
      return objectCheck(def.shape, def.catchall);
    default:
      return null;
  }
}

function orElse(inner: z.ZodType, accepts: (v: unknown) => boolean): ShapeCheck | null {
  const check = shapeCheckOf(inner);
  return check === null ? null : (v) => accepts(v) || check(v);
}

function arrayCheck(element: z.ZodType): ShapeCheck | null {
  const check = shapeCheckOf(element);
  if (check === null) return null;
  return (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!check(v[i])) return false;
    return true;
  };
}

function recordCheck(keyType: z.ZodType, valueType: z.ZodType): ShapeCheck | null {
  // Only plain string keys (readDef describes no string with checks): every key of parsed JSON passes them.
  if (readDef(keyType).kind !== 'string') return null;
  const check = shapeCheckOf(valueType);
  if (check === null) return null;
  return (v) => {
    if (!isPlainObject(v) || Object.hasOwn(v, '__proto__')) return false;
    for (const key in v) if (Object.hasOwn(v, key) && !check(v[key])) return false;
    return true;
  };
}

function objectCheck(shape: Readonly<Record<string, z.ZodType>>, catchall: z.ZodType | undefined): ShapeCheck | null {
  // Stripping (no catchall) and passthrough (unknown) ignore extra keys; anything stricter is zod's.
  if (catchall !== undefined && readDef(catchall).kind !== 'unknown') return null;
  // Plain loops over two arrays: this runs for every row of every replica (10,000 at 100 controllers).
  const keys = Object.keys(shape);
  const checks: ShapeCheck[] = [];
  for (const key of keys) {
    const check = shapeCheckOf(shape[key]!);
    if (check === null) return null;
    checks.push(check);
  }
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.hasOwn(v, '__proto__')) return false;
    const record = v as Record<string, unknown>;
    // A missing field reads as undefined, which only optional fields accept.
    for (let i = 0; i < keys.length; i++) if (!checks[i]!(record[keys[i]!])) return false;
    return true;
  };
}

// As zod's util.isPlainObject judges it: a constructor that is not a function does not disqualify.
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const ctor = (v as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto = (ctor as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null && !Array.isArray(proto) && Object.hasOwn(proto, 'isPrototypeOf');
}
