// Parses and validates the YAML config file's text: file:line: key errors, secrets only by reference.
// This file walks the YAML and checks each key; config-file-settings.ts turns the checked entries into
// settings. ConfigFileSettings is re-exported here, where config-file.ts imports it with the parser.
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type YAMLError,
} from 'yaml';
import { z } from 'zod';
import { configFileSpec, describe, unknownKey, type KeySpec } from './config-keys.js';
import { toSettings, type ConfigFileSettings, type Entry } from './config-file-settings.js';
import { UsageError } from '../errors.js';

export type { ConfigFileSettings } from './config-file-settings.js';

const SECRET_KEYS: Record<string, string> = {
  password: 'use password_env or password_file',
  token: 'use token_file',
  private_key: 'put the key in a file and set tls.key',
};

interface Ctx {
  file: string;
  doc: Document;
  lines: LineCounter;
  entries: Map<string, Entry>;
}

/** Pure: YAML text -> settings. `path` names the file in errors and anchors relative tls/secret file paths. */
export function parseConfigText(text: string, path: string): ConfigFileSettings {
  const lines = new LineCounter();
  // prettyErrors would quote the offending source line, and that line may hold a secret.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const ctx: Ctx = { file: path, doc, lines, entries: new Map() };
  const syntax = doc.errors[0];
  if (syntax !== undefined) throw new UsageError(`${path}:${lineOf(ctx, syntax.pos[0])}: ${syntaxReason(syntax)}`);
  rejectInlineSecrets(ctx);
  const root = deref(ctx, doc.contents);
  if (root === null || (isScalar(root) && root.value === null)) return {};
  if (!isMap(root)) {
    throw new UsageError(
      `${path}:${nodeLine(ctx, root, 1)}: the top level must be a mapping of settings (key: value ` +
        `lines), not ${describe(root.toJS(doc))}`,
    );
  }
  walkMap(ctx, root, configFileSpec, '');
  return toSettings(path, ctx.entries);
}

function syntaxReason(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return 'only one YAML document is allowed; remove the extra ---';
  // A few parser messages quote source text after the colon; that text may be a secret.
  const reason =
    /^(Block scalar header includes extra characters|Invalid escape sequence|Unresolved tag)\b/.exec(
      error.message,
    )?.[1] ?? error.message;
  return `invalid YAML: ${reason}`;
}

function rejectInlineSecrets(ctx: Ctx): void {
  visit(ctx.doc, {
    Pair(_, pair) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const hint = SECRET_KEYS[name.toLowerCase()];
      if (hint !== undefined) {
        throw new UsageError(
          `${ctx.file}:${nodeLine(ctx, pair.key, 1)}: ${name}: secrets are not accepted inline; ${hint}`,
        );
      }
    },
  });
}

function walkMap(ctx: Ctx, node: unknown, spec: KeySpec, prefix: string): void {
  if (!isMap(node)) return;
  const firstSeen = new Map<string, number>();
  for (const pair of node.items) {
    const keyLine = nodeLine(ctx, pair.key, nodeLine(ctx, pair.value, 1));
    if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === 'object') {
      throw new UsageError(`${ctx.file}:${keyLine}: keys must be plain names${prefix ? ` (in ${prefix})` : ''}`);
    }
    const key = String(pair.key.value);
    const full = prefix ? `${prefix}.${key}` : key;
    const earlier = firstSeen.get(key);
    if (earlier !== undefined)
      throw new UsageError(`${ctx.file}:${keyLine}: duplicate key '${full}' (first set on line ${earlier}); keep one`);
    firstSeen.set(key, keyLine);
    const sub = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (sub === undefined) throw new UsageError(`${ctx.file}:${keyLine}: ${unknownKey(key, prefix, spec)}`);
    const valueNode = deref(ctx, pair.value);
    if (sub instanceof z.ZodType) {
      checkLeaf(ctx, sub, full, keyLine, valueNode);
    } else if (valueNode !== null && !(isScalar(valueNode) && valueNode.value === null)) {
      // An empty section (`tls:` with every line commented out) sets nothing.
      if (!isMap(valueNode))
        throw new UsageError(
          `${ctx.file}:${keyLine}: ${full}: expected a mapping of settings, not ${describe(valueNode.toJS(ctx.doc))}`,
        );
      walkMap(ctx, valueNode, sub, full);
    }
  }
}

function checkLeaf(ctx: Ctx, schema: z.ZodType, full: string, line: number, node: ReturnType<typeof deref>): void {
  const raw: unknown = node === null ? null : node.toJS(ctx.doc);
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const item = issue?.path.length ? (issue.path[0] as number) : null;
    const value = item === null ? raw : (raw as unknown[])[item];
    const got = issue?.code === 'invalid_type' || issue?.code === 'invalid_union' ? `, not ${describe(value)}` : '';
    const quote =
      issue?.code === 'invalid_type' && issue.expected === 'string' && /number|boolean/.test(typeof value)
        ? ' (quote it if it is text)'
        : '';
    const at = item === null || !isSeq(node) ? line : nodeLine(ctx, node.items[item], line);
    throw new UsageError(`${ctx.file}:${at}: ${full}: ${issue?.message ?? 'invalid value'}${got}${quote}`);
  }
  const itemLines = isSeq(node) ? node.items.map((item) => nodeLine(ctx, item, line)) : [];
  ctx.entries.set(full, { value: result.data, line, itemLines });
}

function deref(ctx: Ctx, node: unknown) {
  const resolved = isAlias(node) ? node.resolve(ctx.doc) : node;
  if (isAlias(node) && resolved === undefined)
    throw new UsageError(`${ctx.file}:${nodeLine(ctx, node, 1)}: alias *${node.source} has no anchor before it`);
  return isScalar(resolved) || isMap(resolved) || isSeq(resolved) ? resolved : null;
}

function nodeLine(ctx: Ctx, node: unknown, fallback: number): number {
  const range = (node as { range?: [number, number, number] | null } | null | undefined)?.range;
  return range ? lineOf(ctx, range[0]) : fallback;
}

function lineOf(ctx: Ctx, offset: number): number {
  return ctx.lines.linePos(offset).line;
}
