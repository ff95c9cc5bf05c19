// How a run logs in: chosen from the flags and settings without reading anything (a run that fails
// its checks never touches stdin, a secret file or the terminal), then the secret behind the choice
// is read when the run is about to log in. Secrets stay wrapped in Secret, which never prints its value.
import type { Credentials, LoginMethod } from '../client/auth/credentials.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { Secret } from '../secret.js';
import type { ConnectionFlags, Settings } from './resolve-types.js';
import type { SettingSource } from './settings.js';
import { readSecretRef, type SecretSource } from './secret-ref.js';

/** Credentials whose secrets are still at their source. */
export type CredentialPlan =
  | Exclude<Credentials, { kind: 'password' } | { kind: 'token' }>
  | { kind: 'password'; username: string; password: SecretSource; method: LoginMethod }
  | { kind: 'token'; token: SecretSource };

export interface CredentialDecision {
  credentials: CredentialPlan;
  /** For the run to print before it logs in. */
  warnings: string[];
}

/** Pure: which login, and from where its secret comes. Conflicting ways of giving one are usage errors. */
export function decideCredentials(flags: ConnectionFlags, settings: Settings): CredentialDecision {
  const passwordFlags = [
    flags.password !== undefined && '-p/--password',
    flags.passwordStdin === true && '--password-stdin',
  ].filter(Boolean);
  if (passwordFlags.length > 1)
    throw new UsageError('-p/--password and --password-stdin conflict: give the password one way');
  if (flags.token !== undefined && (flags.username !== undefined || passwordFlags.length > 0)) {
    throw new UsageError('--token conflicts with --username/--password: log in with one or the other');
  }
  const warnings: string[] = [];
  const credentials = choose(settings, warnings);
  // From the environment or a config file it is a standing preference; on the command line it was
  // meant for this run, so say that a ready token or stored session has no login to choose.
  const method = settings.loginMethod;
  if (method.source === 'flag' && (credentials.kind === 'token' || credentials.kind === 'oidc-session')) {
    warnings.push(
      `--login-method ${method.value} applies to password and certificate logins; this run uses ` +
        `a ${credentials.kind === 'token' ? 'ready token' : 'stored ziti edge login session'} as it is`,
    );
  }
  return { credentials, warnings };
}

/** Flags > environment > config file (settings.ts), for choosing between a token and a login. */
const RANK: Partial<Record<SettingSource, number>> = { flag: 3, stdin: 3, prompt: 3, env: 2, config: 1 };

function choose(settings: Settings, warnings: string[]): CredentialPlan {
  const { username, password, token } = settings;
  // A login named closer to this run than the token wins: `-u admin --password-stdin` is not
  // silently replaced by ZITI_STATUS_TOKEN, nor ZITI_STATUS_PASSWORD by a config file's token_file.
  const loginRank = Math.max(
    password.value === null ? 0 : (RANK[password.source] ?? 0),
    username.value === null ? 0 : (RANK[username.source] ?? 0),
  );
  if (token.value !== null && (RANK[token.source] ?? 0) >= loginRank) return { kind: 'token', token: token.value };
  const method = settings.loginMethod.value;
  if (password.value !== null) {
    if (password.where === '--password')
      warnings.push(
        '-p/--password shows the password in process lists and shell history; prefer --password-stdin or ' +
          'ZITI_STATUS_PASSWORD',
      );
    if (username.value === null)
      throw new UsageError('a password needs a username: add -u/--username or ZITI_STATUS_USERNAME');
    return { kind: 'password', username: username.value, password: password.value, method };
  }
  const stored = settings.zitiCli?.session ?? null;
  if (stored !== null && username.source !== 'flag' && username.source !== 'env') {
    const hint = `ziti edge login ${settings.zitiCli!.origin} --cli-identity ${settings.zitiCli!.name}`;
    return stored.kind === 'oidc'
      ? { kind: 'oidc-session', accessToken: stored.accessToken, refreshToken: stored.refreshToken, loginHint: hint }
      : { kind: 'token', token: { kind: 'given', secret: stored.ztSession } };
  }
  if (username.value !== null && username.source !== 'ziti-cli') {
    return {
      kind: 'password',
      username: username.value,
      password: { kind: 'prompt', question: `Password for ${username.value}: ` },
      method,
    };
  }
  if (settings.cert.value !== null) return { kind: 'cert', method };
  return { kind: 'none' };
}

export interface SecretInput {
  env: Readonly<Record<string, string | undefined>>;
  readStdin: () => Promise<string>;
  promptHidden?: (question: string) => Promise<string>;
}

/**
 * The SecretInput of a command run: promptHidden is read from the Io only when a password must be
 * asked for, since deciding whether there is a terminal to ask builds process.stdin, which most runs never need.
 */
export function credentialInput(io: Pick<Io, 'env' | 'readStdin' | 'promptHidden'>): SecretInput {
  return {
    env: io.env,
    readStdin: io.readStdin,
    get promptHidden() {
      return io.promptHidden;
    },
  };
}

/** Reads the secret the plan names, if any: the one step of logging in that may wait on the user. */
export async function readCredentials(plan: CredentialPlan, input: SecretInput): Promise<Credentials> {
  if (plan.kind === 'token') return { kind: 'token', token: await readSecret(plan.token, input, null) };
  if (plan.kind === 'password') return { ...plan, password: await readSecret(plan.password, input, plan.username) };
  return plan;
}

async function readSecret(source: SecretSource, input: SecretInput, username: string | null): Promise<Secret> {
  switch (source.kind) {
    case 'given':
      return source.secret;
    case 'ref':
      return readSecretRef(source.ref, input.env);
    case 'stdin': {
      const text = (await input.readStdin()).replace(/\r?\n$/, '');
      if (text === '')
        throw new UsageError(
          '--password-stdin: standard input was empty; pipe the password in, e.g. `pass show ziti | ziti-status ...`',
        );
      return new Secret(text, 'stdin');
    }
    case 'prompt': {
      const prompt = input.promptHidden;
      if (prompt === undefined) {
        throw new UsageError(
          `no password for ${username}: use --password-stdin, ZITI_STATUS_PASSWORD, or ` +
            `password_env/password_file in the config file (or run on a terminal to be asked)`,
        );
      }
      return new Secret(await prompt(source.question), 'prompt');
    }
  }
}
