/**
 * Strings PostgreSQL cannot hold as given. `text` and `jsonb` refuse U+0000, and `jsonb` refuses
 * an escaped lone surrogate (`\ud800` without its pair); pg sends a JS string with a lone surrogate
 * as UTF-8 with U+FFFD in its place, so a `text` column would silently store something else. One
 * such string in a combined INSERT fails every message in it, so each is refused at publish, for
 * its own message only.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what it looks for
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored as it is, or undefined when it can. */
export function unstorableText(text: string): string | undefined {
  const match = UNSTORABLE_TEXT.exec(text);
  if (!match) {
    return undefined;
  }
  return match[0] === '\u0000' ? NUL : LONE_SURROGATE;
}

/**
 * The same for the output of `JSON.stringify`, which escapes NUL as `\u0000` and a lone surrogate
 * as `\udXXX` (a valid pair it writes as is). An escape counts only after an odd run of
 * backslashes: `"\\u0000"` is a backslash followed by the text `u0000`, which is fine.
 */
export function unstorableJson(json: string): string | undefined {
  if (!json.includes('\\u')) {
    return undefined;
  }
  for (const match of json.matchAll(/(\\+)u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})/g)) {
    if (match[1].length % 2 === 1) {
      return match[2] === '0000' ? NUL : LONE_SURROGATE;
    }
  }
  return undefined;
}

const NUL = 'contains a NUL character (U+0000), which PostgreSQL cannot store';
const LONE_SURROGATE = 'contains a lone UTF-16 surrogate (U+D800-U+DFFF outside a pair), which is not valid Unicode';
