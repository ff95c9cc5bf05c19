// Flags + environment + config file + ziti-cli.json -> one set of settings, each with its source.
// The shapes it works on live in resolve-types.ts and the fixed-list checks in resolve-choices.ts; the
// types are re-exported here, where the commands and the run import them.
import { LOGIN_METHODS } from '../client/auth/credentials.js';
import { FAIL_ON } from '../exit-codes.js';
import { loadConfigFile, type LoadedConfig } from './config-file.js';
import { parseDuration } from './duration.js';
import { checked, resolveFormat } from './resolve-choices.js';
import type { ConnectionFlags, ResolveContext, Settings } from './resolve-types.js';
import { firstSet, sourced, type Sourced } from './settings.js';
import { parseTargetList } from './targets.js';
import { Secret } from '../secret.js';
import type { SecretRef, SecretSource } from './secret-ref.js';
import { loadZitiCliIdentity } from './ziti-cli.js';

export type { ConnectionFlags, ResolveContext, Settings } from './resolve-types.js';

export const DEFAULT_TIMEOUT_MS = 2000;
/** OpenZiti's state_sync_interval default, and the watch interval. */
export const DEFAULT_INTERVAL_MS = 5000;

export async function resolveSettings(flags: ConnectionFlags, ctx: ResolveContext): Promise<Settings> {
  const { env } = ctx;
  const config = await loadConfigFile({ explicitPath: flags.config, cwd: ctx.cwd, env, homeDir: ctx.homeDir });
  const file = config?.settings ?? {};
  const fromConfig = <T>(value: T | undefined) => (config === null ? null : sourced(value, 'config', config.path));
  const fromFlag = <T>(value: T | undefined, flag: string) => sourced(value, 'flag', flag);
  const fromEnv = (name: string) => sourced(env[name] === '' ? undefined : env[name], 'env', name);

  const explicitTargets = firstSet<string[]>(
    [
      fromFlag(
        flags.controller.length > 0 ? parseTargetList(flags.controller, '--controller') : undefined,
        '--controller',
      ),
      env.ZITI_STATUS_CONTROLLERS
        ? sourced(
            parseTargetList([env.ZITI_STATUS_CONTROLLERS], 'ZITI_STATUS_CONTROLLERS'),
            'env',
            'ZITI_STATUS_CONTROLLERS',
          )
        : null,
      fromConfig(file.controllers && file.controllers.length > 0 ? file.controllers : undefined),
    ],
    sourced([], 'default', ''),
  );
  // A stored login is used only for its own cluster: never sent to targets named elsewhere.
  const identityName = flags.cliIdentity ?? file.identity;
  const useZitiCli = ctx.demo !== true && (explicitTargets.value.length === 0 || flags.cliIdentity !== undefined);
  const zitiCli = useZitiCli
    ? await loadZitiCliIdentity({
        env,
        homeDir: ctx.homeDir,
        platform: ctx.platform,
        ...(identityName === undefined ? {} : { identity: identityName }),
      })
    : null;
  const where = zitiCli === null ? '' : `${zitiCli.file} (identity ${zitiCli.name})`;
  const fromZitiCli = <T>(value: T | undefined | null) =>
    zitiCli === null ? null : sourced(value ?? undefined, 'ziti-cli', where);

  const origins =
    explicitTargets.value.length > 0
      ? explicitTargets
      : firstSet([fromZitiCli(zitiCli ? [zitiCli.origin] : undefined)], explicitTargets);
  const timeoutMs = firstSet<number>(
    [
      fromFlag(flags.timeout === undefined ? undefined : parseDuration(flags.timeout, '--timeout'), '--timeout'),
      fromConfig(file.timeoutMs),
    ],
    sourced(DEFAULT_TIMEOUT_MS, 'default', ''),
  );
  return {
    origins,
    discover: firstSet<boolean>(
      [fromFlag(flags.discover === false ? false : undefined, '--no-discover'), fromConfig(file.discover)],
      sourced(true, 'default', ''),
    ),
    timeoutMs,
    intervalMs: firstSet<number>([fromConfig(file.intervalMs)], sourced(DEFAULT_INTERVAL_MS, 'default', '')),
    dynamicTimeout: firstSet<boolean>(
      [
        fromFlag(flags.dynamicTimeout === false ? false : undefined, '--no-dynamic-timeout'),
        fromConfig(file.dynamicTimeout),
      ],
      sourced(true, 'default', ''),
    ),
    format: resolveFormat(flags, fromConfig(file.output), ctx.stdoutIsTTY),
    failOn: checked(
      firstSet<string>(
        [fromFlag(flags.failOn, '--fail-on'), fromConfig(file.failOn)],
        sourced('degraded', 'default', ''),
      ),
      FAIL_ON,
      'fail-on',
    ),
    ca: firstSet<string | null>(
      [fromFlag(flags.ca, '--ca'), fromConfig(file.ca), fromZitiCli(zitiCli?.caFile)],
      sourced(null, 'default', ''),
    ),
    cert: firstSet<string | null>(
      [fromFlag(flags.cert, '--cert'), fromConfig(file.cert)],
      sourced(null, 'default', ''),
    ),
    key: firstSet<string | null>([fromFlag(flags.key, '--key'), fromConfig(file.key)], sourced(null, 'default', '')),
    // Never from a config file or a default: skipping verification is asked for on each run.
    insecure: sourced(
      flags.insecure === true,
      flags.insecure === true ? 'flag' : 'default',
      flags.insecure === true ? '--insecure' : '',
    ),
    username: firstSet<string | null>(
      [
        fromFlag(flags.username, '--username'),
        fromEnv('ZITI_STATUS_USERNAME'),
        fromConfig(file.username),
        fromZitiCli(zitiCli?.username),
      ],
      sourced(null, 'default', ''),
    ),
    loginMethod: checked(
      firstSet<string>(
        [
          fromFlag(flags.loginMethod, '--login-method'),
          fromEnv('ZITI_STATUS_LOGIN_METHOD'),
          fromConfig(file.loginMethod),
        ],
        sourced('auto', 'default', ''),
      ),
      LOGIN_METHODS,
      'login-method',
    ),
    password: firstSet<SecretSource | null>(
      [
        fromFlag(flags.passwordStdin === true ? { kind: 'stdin' } : undefined, '--password-stdin'),
        fromFlag(given(flags.password, 'flag --password'), '--password'),
        sourced(
          given(env.ZITI_STATUS_PASSWORD || undefined, 'env ZITI_STATUS_PASSWORD'),
          'env',
          'ZITI_STATUS_PASSWORD',
        ),
        fromReference(config, file.passwordRef, 'password_file'),
      ],
      sourced(null, 'default', ''),
    ),
    token: firstSet<SecretSource | null>(
      [
        fromFlag(given(flags.token, 'flag --token'), '--token'),
        sourced(given(env.ZITI_STATUS_TOKEN || undefined, 'env ZITI_STATUS_TOKEN'), 'env', 'ZITI_STATUS_TOKEN'),
        fromReference(config, file.tokenRef, 'token_file'),
      ],
      sourced(null, 'default', ''),
    ),
    config,
    zitiCli,
  };
}

function given(value: string | undefined, from: string): SecretSource | undefined {
  return value === undefined ? undefined : { kind: 'given', secret: new Secret(value, from) };
}

/** A secret the config file names by reference; `where` names the key, since it says more than the file's path. */
function fromReference(
  config: LoadedConfig | null,
  ref: SecretRef | undefined,
  fileKey: 'password_file' | 'token_file',
): Sourced<SecretSource> | null {
  if (config === null || ref === undefined) return null;
  return sourced({ kind: 'ref', ref }, 'config', 'env' in ref ? `password_env ${ref.env}` : `${fileKey} ${ref.file}`);
}
