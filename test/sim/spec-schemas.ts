// Turns the verbatim swagger-2 YAML specs into ajv validators: resolves $refs across files, maps x-nullable.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';

// Verbatim copies of the real OpenZiti spec files, checked in (test/fixtures/openziti-spec/README.md
// names their sources), found from this file so the suite reads nothing outside the checkout.
export const SPEC_DIR = fileURLToPath(new URL('../fixtures/openziti-spec', import.meta.url));

type JsonObject = { [key: string]: unknown };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Swagger-only or annotation keywords that JSON Schema either lacks or that we do not check. */
const DROPPED = new Set(['example', 'format', 'discriminator', 'readOnly', 'xml', 'externalDocs']);

/** Fields the README says real controllers send as null although the spec lacks x-nullable. */
const NULLABLE_BY_README = new Set(['lastJoinedAt']);

/**
 * Fields the spec requires that real v2.0.3 controllers do not send (test/fixtures/real-v2.0.3):
 * apiSessionDetail's `cachedUpdatedAt` (authenticate-password.json) is not even a declared property.
 */
const REQUIRED_BUT_NOT_SENT = new Set(['cachedUpdatedAt']);

export class SpecSchemas {
  private readonly docs = new Map<string, unknown>();
  private readonly names = new Map<string, string>();
  private readonly defs: JsonObject = {};
  private readonly ajv = new Ajv2019({ strict: false, validateFormats: false, allErrors: true });

  /**
   * `stubs`: schemas for `$ref` targets in files the copy does not have, keyed by
   * `file#pointer` relative to SPEC_DIR (e.g. `edge-api/auth-query.yml#/definitions/authQueryList`).
   * A reference to a missing file without a stub still fails.
   */
  constructor(private readonly stubs: Record<string, object> = {}) {}

  /**
   * A validator for the definition at `file#pointer` (file relative to SPEC_DIR). `closed` also rejects
   * top-level fields the spec does not declare (through allOf and $ref), to catch misspelled fields.
   */
  validator(file: string, pointer: string, opts: { closed?: boolean } = {}): ValidateFunction {
    const name = this.define(resolve(SPEC_DIR, file), pointer);
    const root: JsonObject = { $ref: `#/$defs/${name}`, $defs: structuredClone(this.defs) };
    if (opts.closed) root.unevaluatedProperties = false;
    return this.ajv.compile(root);
  }

  private doc(file: string): unknown {
    if (!this.docs.has(file)) this.docs.set(file, parse(readFileSync(file, 'utf8')));
    return this.docs.get(file);
  }

  /** Registers (once) and converts the target of a reference; recursion-safe, so cyclic specs work. */
  private define(file: string, pointer: string): string {
    const key = `${file}#${pointer}`;
    const known = this.names.get(key);
    if (known) return known;
    const name = `${basename(file, '.yml')}${pointer.replace(/[^A-Za-z0-9]+/g, '_')}`;
    this.names.set(key, name);
    this.defs[name] = {};
    const stub = existsSync(file) ? undefined : this.stubs[`${relative(SPEC_DIR, file)}#${pointer}`];
    this.defs[name] = stub ?? this.convert(this.lookup(file, pointer), file);
    return name;
  }

  private lookup(file: string, pointer: string): unknown {
    let node = this.doc(file);
    for (const part of pointer.split('/').filter(Boolean)) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(node) || !(key in node)) throw new Error(`unresolvable $ref ${file}#${pointer}`);
      node = node[key];
    }
    return node;
  }

  /** `../shared/X.yml` in the edge-api sources is the edge-api folder itself in our copy. */
  private target(from: string, ref: string): { file: string; pointer: string } {
    const [path = '', pointer = ''] = ref.split('#');
    if (path === '') return { file: from, pointer };
    const file = resolve(dirname(from), path.replace(/^\.\.\/shared\//, './'));
    return { file, pointer };
  }

  private convert(node: unknown, file: string, property?: string): unknown {
    if (Array.isArray(node)) return node.map((n) => this.convert(n, file));
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string') {
      const { file: target, pointer } = this.target(file, node.$ref);
      return { $ref: `#/$defs/${this.define(target, pointer)}` };
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-') || DROPPED.has(key)) continue;
      if (key === 'properties' && isObject(value)) {
        out.properties = Object.fromEntries(Object.entries(value).map(([p, s]) => [p, this.convert(s, file, p)]));
      } else if (key === 'required' && Array.isArray(value)) {
        out.required = value.filter((name) => !REQUIRED_BUT_NOT_SENT.has(name as string));
      } else {
        out[key] = this.convert(value, file);
      }
    }
    const nullable = node['x-nullable'] === true || (property !== undefined && NULLABLE_BY_README.has(property));
    return nullable ? { anyOf: [out, { type: 'null' }] } : out;
  }
}

/** Readable ajv errors for expect messages. */
export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`).join('; ');
}
