// Building answers: JSON (the default content type) and plain text or HTML pages.
import type { Answer } from './node-call.js';

export function json(status: number, body: object, headers?: Record<string, string>): Answer {
  return { status, body: JSON.stringify(body), ...(headers ? { headers } : {}) };
}

export function text(status: number, body: string, contentType: string, headers: Record<string, string> = {}): Answer {
  return { status, body, headers: { 'content-type': contentType, ...headers } };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A 302 Found as Go's http.Redirect writes it: to a GET, a small HTML body; to a POST (the login
 * form), no body and no content type. The login uses 302 throughout.
 */
export function redirect(location: string, method = 'GET'): Answer {
  if (method !== 'GET' && method !== 'HEAD')
    return { status: 302, body: '', headers: { 'content-type': '', location } };
  return text(302, `<a href="${escapeHtml(location)}">Found</a>.\n\n`, 'text/html; charset=utf-8', { location });
}
