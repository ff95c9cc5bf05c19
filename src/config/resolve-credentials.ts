// Chooses how to log in and reads the secret behind it (stdin, environment, file or prompt) only
// when a run needs it. Secrets stay wrapped in Secret, which never prints its value.
import type { Credentials } from '../client/auth/credentials.js';
import type { Io } from '../io.js';
import { readSecretRef } from './config-file.js';
import type { ConnectionFlags, Settings } from './resolve.js';
import { Secret } from '../secret.js';
import { UsageError } from '../errors.js';

export interface SecretInput {
  env: Readonly<Record<string, string | undefined>>;
  readStdin: () => Promise<string>;
  promptHidden?: (question: string) => Promise<string>;
  warn: (message: string) => void;
}

/**
 * The SecretInput of a command run: promptHidden is read from the Io only when a password must be
 * asked for, since deciding whether there is a terminal to ask builds process.stdin (~2 ms).
 */
export function credentialInput(io: Pick<Io, 'env' | 'readStdin' | 'promptHidden'>, warn: (message: string) => void): SecretInput {
  return {
    env: io.env,
    readStdin: io.readStdin,
    get promptHidden() {
      return io.promptHidden;
    },
    warn,
  };
}

export async function resolveCredentials(flags: ConnectionFlags, settings: Settings, input: SecretInput): Promise<Credentials> {
  const credentials = await chooseCredentials(flags, settings, input);
  // From the environment or a config file it is a standing preference; on the command line it was
  // meant for this run, so say that a ready token or stored session has no login to choose.
  const method = settings.loginMethod;
  if (method.source === 'flag' && (credentials.kind === 'token' || credentials.kind === 'oidc-session')) {
    input.warn(`--login-method ${method.value} applies to password and certificate logins; this run uses a ${credentials.kind === 'token' ? 'ready token' : 'stored ziti edge login session'} as it is`);
  }
  return credentials;
}

async function chooseCredentials(flags: ConnectionFlags, settings: Settings, input: SecretInput): Promise<Credentials> {
  const passwordFlags = [flags.password !== undefined && '-p/--password', flags.passwordStdin === true && '--password-stdin'].filter(Boolean);
  if (passwordFlags.length > 1) throw new UsageError('-p/--password and --password-stdin conflict: give the password one way');
  if (flags.token !== undefined && (flags.username !== undefined || passwordFlags.length > 0)) {
    throw new UsageError('--token conflicts with --username/--password: log in with one or the other');
  }
  const token = await readToken(flags, settings, input.env);
  if (token !== null) return { kind: 'token', token };

  const username = settings.username;
  const method = settings.loginMethod.value;
  const password = await readPassword(flags, settings, input);
  if (password !== null) {
    if (username.value === null) throw new UsageError('a password needs a username: add -u/--username or ZITI_STATUS_USERNAME');
    return { kind: 'password', username: username.value, password, method };
  }
  const stored = settings.zitiCli?.session ?? null;
  if (stored !== null && username.source !== 'flag' && username.source !== 'env') {
    const hint = `ziti edge login ${settings.zitiCli!.origin} --cli-identity ${settings.zitiCli!.name}`;
    return stored.kind === 'oidc'
      ? { kind: 'oidc-session', accessToken: stored.accessToken, refreshToken: stored.refreshToken, loginHint: hint }
      : { kind: 'token', token: stored.ztSession };
  }
  if (username.value !== null && username.source !== 'ziti-cli') {
    if (input.promptHidden === undefined) {
      throw new UsageError(
        `no password for ${username.value}: use --password-stdin, ZITI_STATUS_PASSWORD, or password_env/password_file in the config file (or run on a terminal to be asked)`,
      );
    }
    return { kind: 'password', username: username.value, password: new Secret(await input.promptHidden(`Password for ${username.value}: `), 'prompt'), method };
  }
  if (settings.cert.value !== null) return { kind: 'cert', method };
  return { kind: 'none' };
}

async function readToken(flags: ConnectionFlags, settings: Settings, env: SecretInput['env']): Promise<Secret | null> {
  if (flags.token !== undefined) return new Secret(flags.token, 'flag --token');
  if (env.ZITI_STATUS_TOKEN) return new Secret(env.ZITI_STATUS_TOKEN, 'env ZITI_STATUS_TOKEN');
  const ref = settings.config?.settings.tokenRef;
  return ref === undefined ? null : readSecretRef(ref, env);
}

async function readPassword(flags: ConnectionFlags, settings: Settings, input: SecretInput): Promise<Secret | null> {
  if (flags.passwordStdin === true) {
    const text = (await input.readStdin()).replace(/\r?\n$/, '');
    if (text === '') throw new UsageError('--password-stdin: standard input was empty; pipe the password in, e.g. `pass show ziti | ziti-status ...`');
    return new Secret(text, 'stdin');
  }
  if (flags.password !== undefined) {
    input.warn('-p/--password shows the password in process lists and shell history; prefer --password-stdin or ZITI_STATUS_PASSWORD');
    return new Secret(flags.password, 'flag --password');
  }
  if (input.env.ZITI_STATUS_PASSWORD) return new Secret(input.env.ZITI_STATUS_PASSWORD, 'env ZITI_STATUS_PASSWORD');
  const ref = settings.config?.settings.passwordRef;
  return ref === undefined ? null : readSecretRef(ref, input.env);
}
