// Strings that came from a controller (ids, names, messages) must not drive the terminal:
// escape sequences, control characters and bidi overrides are removed before display.
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const BIDI_AND_INVISIBLE = /[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export function sanitizeForTerminal(text: string, maxLength = 200): string {
  const clean = text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '?').replace(BIDI_AND_INVISIBLE, '');
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}

/** Any character escapeJsonText escapes or JSON.stringify does: C0 and C1 controls, DEL, bidi and invisible ones. */
export const NEEDS_ESCAPE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/** JSON.stringify escapes C0 controls but leaves bidi and C1 characters raw; escape those too. */
export function escapeJsonText(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
