// The harness's own look at a member's REST API (node:https, nothing of ziti-status), to wait for
// states the tests then ask ziti-status about.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

/** GET `path` with a 2 s bound; resolves with the parsed body of a 200, rejects otherwise. */
export function getJson<T>(origin: string, path: string, caFile: string, bearer: string | null): Promise<T> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = bearer === null ? {} : { authorization: `Bearer ${bearer}` };
    const req = request(`${origin}${path}`, { ca: readFileSync(caFile), headers, timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode} on ${path}`));
        try {
          resolve(JSON.parse(body) as T);
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`no answer on ${path} within 2 s`)));
    req.end();
  });
}

/** The OIDC access token `ziti edge login` stored for the default identity (valid 30 min). */
export function storedAccessToken(env: NodeJS.ProcessEnv): string {
  const file = JSON.parse(readFileSync(join(env.ZITI_CONFIG_DIR!, 'ziti-cli.json'), 'utf8')) as {
    edgeIdentities: Record<string, { apiSession?: { oidcAccessToken?: string } }>;
  };
  const token = file.edgeIdentities.default?.apiSession?.oidcAccessToken;
  if (!token) throw new Error('no stored OIDC access token for the default identity');
  return token;
}
