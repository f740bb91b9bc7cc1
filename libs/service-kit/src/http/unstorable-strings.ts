/** A UTF-16 surrogate without its pair: PostgreSQL's text and jsonb cannot hold one (nor a NUL, see {@link isUnstorable}). */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether PostgreSQL could not store `text`: a NUL character or an unpaired surrogate. */
function isUnstorable(text: string): boolean {
  return text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);
}

/** JSON bodies nest a few levels; deeper is cut (a body this deep is refused by its own rules). */
const MAX_DEPTH = 32;

const RULE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/**
 * Every place in a parsed JSON body where a string (a value or a key) holds what PostgreSQL
 * cannot store, as `path: problem` (`notifications.3.data.name: ...`). Checked before anything is
 * written, so such a request is a 400 naming the field instead of a 500 from the database (and a
 * batch stores nothing, like any other invalid batch).
 */
export function unstorableStringProblems(value: unknown, path = '', depth = 0): string[] {
  if (typeof value === 'string') {
    return isUnstorable(value) ? [`${path || '(body)'}: ${RULE}`] : [];
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) {
    return [];
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  return entries.flatMap(([key, item]) => {
    const here = path ? `${path}.${key}` : key;
    const keyProblem = isUnstorable(key) ? [`${path || '(body)'}: a field name ${RULE}`] : [];
    return [...keyProblem, ...unstorableStringProblems(item, here, depth + 1)];
  });
}
