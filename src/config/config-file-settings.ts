// The config file's checked entries -> ConfigFileSettings: paths anchored at the file, secrets only by
// reference, addresses parsed. Apart from the YAML walk (config-parse.ts), which only finds and checks
// the entries, so each file has one job and this one needs no YAML.
import { dirname, resolve } from 'node:path';
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

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One key the file sets, its value checked by the key's schema, with the lines it and its list items sit on. */
export interface Entry {
  value: unknown;
  line: number;
  itemLines: number[];
}

/** The entries of `file` (keyed by dotted name) -> the settings they make; throws file:line: key errors. */
export function toSettings(file: string, entries: ReadonlyMap<string, Entry>): ConfigFileSettings {
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
      `${file}:${get(set)?.line}: ${set} is set without ${missing}; give both the client certificate and ` +
        `its key, or neither`,
    );
  }
  const [passwordEnv, passwordFile] = [get('password_env'), get('password_file')];
  if (passwordEnv !== undefined && passwordFile !== undefined) {
    throw new UsageError(
      `${at(passwordEnv.line > passwordFile.line ? 'password_env' : 'password_file')}: password_env and ` +
        `password_file are both set; keep one`,
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
