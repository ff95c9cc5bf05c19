// Parses controller targets in the forms docs/design.md section 2 allows and reduces each to an origin.
import { UsageError } from '../errors.js';

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * `https://host[:port][/api/path]` (the path is dropped, so the URL `ziti-cli.json` stores works),
 * `http://...` (simulators), or `host:port` (https). Anything else is a usage error.
 */
export function parseTarget(input: string, from: string): string {
  const text = input.trim();
  if (text === '')
    throw new UsageError(`${from}: empty controller address; give a URL such as https://ctrl1.example:1280`);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : bareHostPort(text, from);
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`${from}: '${text}' is not a valid URL; give https://host:port or host:port`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(
      `${from}: unsupported scheme '${url.protocol.slice(0, -1)}' in '${text}'; use https:// (or http:// ` +
        `for a simulator)`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in a URL end up in shell history and process lists.
    throw new UsageError(`${from}: credentials in the URL are not accepted; remove 'user:password@' from the address`);
  }
  if (url.hostname === '') throw new UsageError(`${from}: '${text}' has no host`);
  return url.origin;
}

function bareHostPort(text: string, from: string): string {
  const match = HOST_PORT.exec(text);
  if (match === null) {
    throw new UsageError(
      `${from}: '${text}' is not a controller address; use https://host:port or host:port (e.g. ctrl1.example:1280)`,
    );
  }
  if (Number(match[2]) > 65535 || Number(match[2]) === 0)
    throw new UsageError(`${from}: port out of range in '${text}'`);
  return `https://${text}`;
}

/** Splits repeatable, comma-separated target lists (flags and ZITI_STATUS_CONTROLLERS). */
export function parseTargetList(values: readonly string[], from: string): string[] {
  const origins: string[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      if (part.trim() === '' && value.includes(',')) continue;
      const origin = parseTarget(part, from);
      if (!origins.includes(origin)) origins.push(origin);
    }
  }
  // Set but naming nothing (` , `): a mistake to report, not "no targets configured".
  if (values.length > 0 && origins.length === 0) parseTarget('', from);
  return origins;
}
