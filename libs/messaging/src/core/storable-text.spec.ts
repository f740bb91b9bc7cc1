import { unstorableJson, unstorableText } from './storable-text';

describe(unstorableText.name, () => {
  it('refuses NUL and lone surrogates, and accepts everything else, pairs included', () => {
    expect(unstorableText('a\u0000b')).toMatch(/NUL/);
    expect(unstorableText('lone \ud800 high')).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableText('lone \udc00 low')).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableText('reversed \udc00\ud800')).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableText('emoji 📦 and ñ, 日本')).toBeUndefined();
    expect(unstorableText('')).toBeUndefined();
  });
});

describe(unstorableJson.name, () => {
  it('finds the escapes JSON.stringify writes for NUL and lone surrogates, in keys and values', () => {
    expect(unstorableJson(JSON.stringify({ text: 'nul\u0000' }))).toMatch(/NUL/);
    expect(unstorableJson(JSON.stringify({ text: 'x\udfff' }))).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableJson(JSON.stringify({ ['k\ud83d']: 1 }))).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableJson(JSON.stringify(['\\\u0000']))).toMatch(/NUL/);
  });

  it('accepts text that merely reads like an escape, and valid pairs', () => {
    expect(unstorableJson(JSON.stringify({ text: '\\u0000 and \\ud800 as plain text' }))).toBeUndefined();
    expect(unstorableJson(JSON.stringify({ text: '\\\\u0000' }))).toBeUndefined();
    expect(unstorableJson(JSON.stringify({ parcel: '📦', tab: '\t', quote: '"' }))).toBeUndefined();
    expect(unstorableJson(JSON.stringify({ control: '\u0001' }))).toBeUndefined();
  });
});
