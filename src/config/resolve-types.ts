// The shapes settings resolution works on: the flags commander parsed, the process it runs in, and
// the settings it yields, each with its source. Apart from resolve.ts so the helpers that take the
// flags (resolve-choices.ts) and the credential step (resolve-credentials.ts) need not import the
// resolver itself.
import type { LoginMethod } from '../client/auth/credentials.js';
import type { FailOn } from '../exit-codes.js';
import type { OutputFormat } from '../render/render-context.js';
import type { LoadedConfig } from './config-file.js';
import type { Sourced } from './settings.js';
import type { SecretSource } from './secret-ref.js';
import type { ZitiCliIdentity } from './ziti-cli.js';

/** What commander parsed; `undefined` where the flag was not given. */
export interface ConnectionFlags {
  controller: string[];
  discover?: boolean;
  timeout?: string;
  output?: string;
  json?: boolean;
  outputJson?: boolean;
  csv?: boolean;
  /** false with --no-headers. */
  headers?: boolean;
  failOn?: string;
  config?: string;
  username?: string;
  loginMethod?: string;
  password?: string;
  passwordStdin?: boolean;
  token?: string;
  cliIdentity?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  dynamicTimeout?: boolean;
}

export interface ResolveContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  homeDir: string;
  platform: NodeJS.Platform;
  stdoutIsTTY: boolean;
  /** --demo inspects its own simulated cluster: no stored login is read. */
  demo?: boolean;
}

export interface Settings {
  origins: Sourced<string[]>;
  discover: Sourced<boolean>;
  timeoutMs: Sourced<number>;
  /** Watch interval when --watch names none (controller.state_sync_interval). */
  intervalMs: Sourced<number>;
  dynamicTimeout: Sourced<boolean>;
  format: Sourced<OutputFormat>;
  failOn: Sourced<FailOn>;
  ca: Sourced<string | null>;
  cert: Sourced<string | null>;
  key: Sourced<string | null>;
  insecure: Sourced<boolean>;
  username: Sourced<string | null>;
  /** How password and certificate logins are made; a token or stored session is used as it is. */
  loginMethod: Sourced<LoginMethod>;
  /** Where a password would come from, not read yet; null: none given (a terminal may be asked). */
  password: Sourced<SecretSource | null>;
  /** Where a ready token would come from, not read yet; a stored login's session is in zitiCli. */
  token: Sourced<SecretSource | null>;
  config: LoadedConfig | null;
  /** The `ziti edge login` identity in use: only when it names the targets or -i asks for it. */
  zitiCli: ZitiCliIdentity | null;
}
