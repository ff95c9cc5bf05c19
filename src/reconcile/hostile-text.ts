// Spots ids and names that could drive or disguise a terminal, or swamp every screen, for the
// bad-response flag (docs/design.md section 3 rule 6). Only spotting: the text itself is kept exact
// in JSON and neutralised by the renderers (section 4), so this module only says what it found.
// Ids are raft server ids and names certificate CNs (at most 64 characters).

const MAX_TEXT_LENGTH = 256;
const HOSTILE_CHARACTERS: readonly [RegExp, string][] = [
  [/\u001b|\u009b/, 'terminal escape sequences'],
  [/[\u0000-\u001a\u001c-\u001f\u007f-\u009a\u009c-\u009f]/, 'control characters'],
  [/[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/, 'bidi or invisible characters'],
];

/** What is hostile about `value` (which characters, up to four code points, or its length), or null when nothing is. */
export function hostileText(value: string): string | null {
  const found = HOSTILE_CHARACTERS.filter(([pattern]) => pattern.test(value)).map(([, what]) => what);
  if (value.length > MAX_TEXT_LENGTH) found.push(`${value.length} characters (at most ${MAX_TEXT_LENGTH} expected)`);
  if (found.length === 0) return null;
  const codes = [...new Set([...value].filter((c) => HOSTILE_CHARACTERS.some(([pattern]) => pattern.test(c))))].slice(
    0,
    4,
  );
  const which =
    codes.length === 0
      ? ''
      : ` (${codes.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(', ')})`;
  return `holds ${found.join(' and ')}${which}: shown neutralised in table and plain output, exact in JSON`;
}
