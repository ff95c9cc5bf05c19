// One HTTPS request to a real controller, exactly as sent and answered: a fresh connection each
// time (agent: false), redirects never followed, the body kept as text.
import { request } from 'node:https';

export interface RawRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawReply {
  status: number;
  /** Lower-cased names; a repeated header (set-cookie) keeps every value. */
  headers: Record<string, string | string[]>;
  text: string;
}

export function rawRequest(origin: string, ca: Buffer, req: RawRequest, timeoutMs = 10_000): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const headers = {
      ...req.headers,
      ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}),
    };
    const sent = request(
      new URL(req.path, origin),
      { method: req.method, headers, ca, agent: false, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name] = value;
          resolve({ status: res.statusCode ?? 0, headers: out, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    sent.on('timeout', () => sent.destroy(new Error(`${req.method} ${req.path}: no answer within ${timeoutMs} ms`)));
    sent.on('error', reject);
    sent.end(req.body);
  });
}

export const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

export const jsonBody = (value: object) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});
