// Where a JSON text first breaks the grammar, and why, in words that quote none of it: ziti-cli.json
// holds session tokens, so an error may point at the offset but never echo the text. A small
// recursive-descent check of its own, apart from the ziti-cli.json reader (ziti-cli.ts) that reports it.

/** Offset and a content-free reason for the first JSON syntax error (only called once JSON.parse has failed). */
export function findJsonError(text: string): { offset: number; reason: string } {
  let i = 0;
  const fail = (reason: string): never => {
    throw new JsonSyntaxError(Math.min(i, text.length), reason);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (!text.startsWith(word, i)) fail('unexpected character');
    i += word.length;
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c < ' ') fail('control character in a string');
      if (c === '\\') {
        i++;
        if (text[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
        else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail('invalid escape in a string');
      }
      i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === undefined) return void fail('unexpected end of file');
    if (c === '"') string();
    else if (c === 't' || c === 'f' || c === 'n') literal(c === 't' ? 'true' : c === 'f' ? 'false' : 'null');
    else if (c === '{' || c === '[') container(c === '{');
    else {
      const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      number.lastIndex = i;
      if (number.exec(text) === null) fail('unexpected character');
      i = number.lastIndex;
    }
  };
  const container = (object: boolean) => {
    const close = object ? '}' : ']';
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      if (object) {
        space();
        if (text[i] !== '"') fail('expected a quoted property name');
        string();
        space();
        if (text[i] !== ':') fail("expected ':' after a property name");
        i++;
      }
      value();
      space();
      if (text[i] === ',') i++;
      else if (text[i] === close) return void i++;
      else fail(i >= text.length ? 'unexpected end of file' : `expected ',' or '${close}'`);
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail('unexpected text after the JSON value');
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { offset: error.offset, reason: error.reason };
    throw error;
  }
  return { offset: 0, reason: 'invalid JSON' };
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}
