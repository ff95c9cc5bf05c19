// The reading before the plan: flags, environment, config file and ziti-cli.json resolved into
// settings, and the TLS files they name read, so an unreadable file is a usage error up front.
import { resolveSettings } from '../config/resolve.js';
import { readTlsFiles } from '../config/tls-files.js';
import type { Io } from '../io.js';
import type { RunFlags } from './flags.js';
import type { RunSettings } from './plan.js';

export async function loadRunSettings(flags: RunFlags, io: Io): Promise<RunSettings> {
  const connection =
    flags.command === 'serve' ? { ...flags, controller: [...flags.controller, ...flags.targets] } : flags;
  const stdoutIsTTY = flags.command === 'list' && io.stdout.isTTY === true;
  const settings = await resolveSettings(connection, {
    env: io.env,
    cwd: io.cwd,
    homeDir: io.homeDir,
    platform: io.platform,
    // serve's stdout carries one line, never a table.
    stdoutIsTTY,
    demo: flags.command === 'list' && flags.demo === true,
  });
  const tls = await readTlsFiles({
    ca: settings.ca.value,
    cert: settings.cert.value,
    key: settings.key.value,
    insecure: settings.insecure.value,
  });
  return { ...settings, tls, stdoutIsTTY };
}
