// Where a password or token is to come from, decided before anything is read, and the reader of
// those given by reference (the config file's password_env, password_file, token_file).
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { Secret } from '../secret.js';

/** A password or token given by reference (config file password_env/password_file/token_file). */
export type SecretRef = { env: string } | { file: string };

/**
 * Where a secret comes from: already in hand (a flag, the environment, a stored login), standard
 * input (--password-stdin), a reference to read, or a prompt on the terminal. Only a run that
 * uses it reads it, so `config show` and a run that fails its checks never touch stdin or a file.
 */
export type SecretSource =
  | { kind: 'given'; secret: Secret }
  | { kind: 'stdin' }
  | { kind: 'ref'; ref: SecretRef }
  | { kind: 'prompt'; question: string };

/** Reads a secret by reference. Errors name the variable or file, never a value. */
export async function readSecretRef(
  ref: SecretRef,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Secret> {
  if ('env' in ref) {
    const value = env[ref.env];
    if (value === undefined)
      throw new UsageError(
        `environment variable ${ref.env} is not set; export it, or point the config file at another variable or a file`,
      );
    if (value === '') throw new UsageError(`environment variable ${ref.env} is empty`);
    return new Secret(value, `env ${ref.env}`);
  }
  let text: string;
  try {
    text = await readFile(ref.file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new UsageError(`secret file ${ref.file} does not exist; create it or fix the path`);
    throw new UsageError(`cannot read secret file ${ref.file} (${code ?? 'read error'}); check its permissions`);
  }
  // Editors and `echo` add one newline; anything else is part of the secret.
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new UsageError(`secret file ${ref.file} is empty`);
  return new Secret(value, `file ${ref.file}`);
}
