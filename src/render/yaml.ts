// -o yaml: the JSON view as a YAML document that every YAML reader reads back as exactly that view,
// and that cannot drive a terminal (README, "Output formats").
//
// Two things the yaml package's defaults leave open, both closed by writing the string in
// double-quoted style as a JSON string (valid YAML: JSON's escapes are YAML's), then escaping what
// JSON leaves raw, as -o json does:
// - Names and messages from controllers may hold control, bidi and invisible characters. Plain and
//   block styles would write them raw; a double-quoted string writes every one as an escape, so the
//   document keeps the exact value and the terminal never sees the character.
// - YAML 1.1 readers (PyYAML, Ruby, Go's yaml.v2) resolve plain scalars their own way: an RFC 3339
//   time becomes a date, `yes` a boolean. Any string a YAML 1.1 reader would not read as a string is
//   quoted; the yaml package already quotes what a YAML 1.2 reader would misread.
import { Document, Scalar, visit } from 'yaml';
import { escapeJsonText, NEEDS_ESCAPE } from './sanitize.js';

const STR = 'tag:yaml.org,2002:str';

/** What a YAML 1.1 reader resolves a plain scalar to, other than a string: timestamps, yes/no, 0o12, 1:20... */
const YAML_1_1_NON_STRINGS: RegExp[] = new Document(null, { version: '1.1' }).schema.tags.flatMap((tag) =>
  tag.tag !== STR && 'test' in tag && tag.test instanceof RegExp ? [tag.test] : [],
);

function mustBeQuoted(text: string): boolean {
  return NEEDS_ESCAPE.test(text) || YAML_1_1_NON_STRINGS.some((test) => test.test(text));
}

/** One YAML document for a view (or an event): the same value as renderJson's. */
export function renderYaml(value: object): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(key, node) {
      if (key !== 'key' && typeof node.value === 'string' && mustBeQuoted(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // Raw DEL, C1 and bidi characters can only be inside the double-quoted strings forced above.
  return escapeJsonText(doc.toString({ doubleQuotedAsJSON: true }));
}

/** Watch's -o yaml: one `---` document a tick. */
export function renderYamlDocument(value: object): string {
  return `---\n${renderYaml(value)}`;
}
