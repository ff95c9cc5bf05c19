// Parses and validates the YAML config file's text: file:line: key errors, secrets only by reference.
import { dirname, resolve } from 'node:path';
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
import { parseDuration } from './duration.js';
import type { SecretRef } from './secret-ref.js';
import { parseTarget } from './targets.js';
import { UsageError } from '../errors.js';

/** What a config file sets; a key the file leaves out is absent, not undefined. */
export interface ConfigFileSettings {
  controllers?: string[];
  /** Several clusters for `serve`, each with its own controllers (origins). */
  clusters?: { name: string; controllers: string[] }[];
  discover?: boolean;
  timeoutMs?: number;
  dynamicTimeout?: boolean;
  intervalMs?: number;
  ca?: string;
  cert?: string;
  key?: string;
  identity?: string;
  username?: string;
  /** auto, oidc or legacy (checked by the schema). */
  loginMethod?: string;
  passwordRef?: SecretRef;
  tokenRef?: { file: string };
  output?: string;
  failOn?: string;
}

const SECRET_KEYS: Record<string, string> = {
  password: 'use password_env or password_file',
  token: 'use token_file',
  private_key: 'put the key in a file and set tls.key',
};
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Entry {
  value: unknown;
  line: number;
  itemLines: number[];
}
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
      `${path}:${nodeLine(ctx, root, 1)}: the top level must be a mapping of settings (key: value lines), not ${describe(root.toJS(doc))}`,
    );
  }
  walkMap(ctx, root, configFileSpec, '');
  return toSettings(ctx);
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

function toSettings(ctx: Ctx): ConfigFileSettings {
  const { file, entries } = ctx;
  const dir = dirname(resolve(file));
  const get = (key: string) => entries.get(key);
  const at = (key: string) => `${file}:${get(key)?.line}: ${key}`;
  const text = (key: string) => get(key)?.value as string | undefined;
  const flag = (key: string) => get(key)?.value as boolean | undefined;
  const duration = (key: string) => (get(key) === undefined ? undefined : parseDuration(text(key)!, at(key)));
  const filePath = (key: string) => {
    const value = text(key);
    if (value?.startsWith('~'))
      throw new UsageError(
        `${at(key)}: '~' is not expanded here; write the full path, or a path relative to the config file`,
      );
    return value === undefined ? undefined : resolve(dir, value);
  };
  if ((get('tls.cert') === undefined) !== (get('tls.key') === undefined)) {
    const [set, missing] = get('tls.cert') === undefined ? ['tls.key', 'tls.cert'] : ['tls.cert', 'tls.key'];
    throw new UsageError(
      `${file}:${get(set)?.line}: ${set} is set without ${missing}; give both the client certificate and its key, or neither`,
    );
  }
  const [passwordEnv, passwordFile] = [get('password_env'), get('password_file')];
  if (passwordEnv !== undefined && passwordFile !== undefined) {
    throw new UsageError(
      `${at(passwordEnv.line > passwordFile.line ? 'password_env' : 'password_file')}: password_env and password_file are both set; keep one`,
    );
  }
  // Not echoed: a value that is no variable name may well be the password itself.
  if (passwordEnv !== undefined && !ENV_NAME.test(passwordEnv.value as string)) {
    throw new UsageError(
      `${at('password_env')}: must name an environment variable (letters, digits, _), not hold the password`,
    );
  }
  const passwordPath = filePath('password_file');
  const tokenPath = filePath('token_file');
  const controllers = get('controllers');
  const clusters = get('clusters');
  const settings: ConfigFileSettings = {
    controllers: controllers && parseAddresses(controllers, at('controllers'), file),
    clusters: clusters && parseClusters(clusters, at('clusters'), file),
    discover: flag('discover'),
    timeoutMs: duration('controller.heartbeat.base_timeout'),
    dynamicTimeout: flag('controller.heartbeat.dynamic_adjustment'),
    intervalMs: duration('controller.state_sync_interval'),
    ca: filePath('tls.ca'),
    cert: filePath('tls.cert'),
    key: filePath('tls.key'),
    identity: text('identity'),
    username: text('username'),
    loginMethod: text('login_method'),
    passwordRef:
      passwordEnv !== undefined
        ? { env: passwordEnv.value as string }
        : passwordPath === undefined
          ? undefined
          : { file: passwordPath },
    tokenRef: tokenPath === undefined ? undefined : { file: tokenPath },
    output: text('output'),
    failOn: text('fail_on'),
  };
  // Only what the file sets: callers test `field !== undefined` and `in` alike.
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as ConfigFileSettings;
}

function parseAddresses(entry: Entry, where: string, file: string): string[] {
  const list = entry.value as string[];
  if (list.length === 0)
    throw new UsageError(`${where}: the list is empty; give at least one address, or remove the key`);
  const origins: string[] = [];
  list.forEach((address, i) => {
    const origin = parseTarget(address, `${file}:${entry.itemLines[i] ?? entry.line}: controllers`);
    if (!origins.includes(origin)) origins.push(origin);
  });
  return origins;
}

function parseClusters(entry: Entry, where: string, file: string): { name: string; controllers: string[] }[] {
  const list = entry.value as { name: string; controllers: string[] }[];
  const names = new Set<string>();
  return list.map((cluster) => {
    if (names.has(cluster.name))
      throw new UsageError(
        `${where}: the cluster name '${cluster.name}' appears twice; names label the metrics and must differ`,
      );
    names.add(cluster.name);
    const origins = cluster.controllers.map((address) =>
      parseTarget(address, `${file}: clusters.${cluster.name}.controllers`),
    );
    return { name: cluster.name, controllers: [...new Set(origins)] };
  });
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

/** The kind of a value, never the value itself (it may be a secret typed in the wrong place). */
