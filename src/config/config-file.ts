// The optional YAML config file: where it is looked for, strict validation with file:line: key errors, secrets only by
// reference.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { xdgBaseDir } from '../xdg.js';
// Type-only: the parser itself is imported only when a file is found (see parse below).
import type { ConfigFileSettings } from './config-parse.js';

// Re-exported so the config file's secret references and their reader travel together.
export { readSecretRef, type SecretRef } from './secret-ref.js';

export interface LoadedConfig {
  path: string;
  settings: ConfigFileSettings;
}

const CONFIG_NAME = 'ziti-status.yaml';
/**
 * First found of: explicitPath (from --config; missing => error), ./ziti-status.yaml (cwd),
 * $XDG_CONFIG_HOME/ziti-status/config.yaml (default ~/.config). None => null.
 */
export async function loadConfigFile(opts: {
  explicitPath?: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
}): Promise<LoadedConfig | null> {
  if (opts.explicitPath !== undefined) {
    if (opts.explicitPath.trim() === '')
      throw new UsageError('--config: empty path; give the path of a YAML config file');
    const path = resolve(opts.cwd, opts.explicitPath);
    const text = await readConfig(path, true);
    return { path, settings: await parse(text ?? '', path) };
  }
  for (const path of configCandidates(opts)) {
    const text = await readConfig(path, false);
    if (text !== null) return { path, settings: await parse(text, path) };
  }
  return null;
}

// The YAML parser is loaded only when a config file exists: most runs have none.
async function parse(text: string, path: string): Promise<ConfigFileSettings> {
  const { parseConfigText } = await import('./config-parse.js');
  return parseConfigText(text, path);
}

function configCandidates(opts: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
}): string[] {
  return [
    join(opts.cwd, CONFIG_NAME),
    join(xdgBaseDir('config', opts.env, opts.homeDir), 'ziti-status', 'config.yaml'),
  ];
}

/** The file's text, or null when an implicit candidate does not exist. */
async function readConfig(path: string, explicit: boolean): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (!explicit) return null;
      throw new UsageError(
        `--config: ${path} does not exist; check the path, or drop --config to use ./${CONFIG_NAME} or ` +
          `~/.config/ziti-status/config.yaml`,
      );
    }
    if (code === 'EISDIR') throw new UsageError(`${path} is a directory; the config file must be a YAML file`);
    throw new UsageError(
      `cannot read config file ${path} (${code ?? 'read error'}); check its permissions, or move it aside`,
    );
  }
}
