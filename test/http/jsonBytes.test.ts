import { describe, expect, it } from 'vitest';
import { JsonBytes } from '../../src/http/readQuery/jsonBytes.js';

describe('JsonBytes', () => {
  it('writes the bytes of JSON.stringify: strings escaped as it escapes them, other characters as UTF-8', () => {
    const strings = [
      'plain',
      '',
      'quote " and \\ backslash',
      'line\nbreak\ttab\u0001',
      'é and \u2028',
      'lone \ud800 surrogate',
      '😀',
      'delete \u007f',
      '\u00ff',
    ];
    const bytes = new JsonBytes(0);
    bytes.ascii('[');
    strings.forEach((value, i) => {
      if (i > 0) bytes.ascii(',');
      bytes.string(value);
    });
    bytes.ascii(',');
    bytes.json(JSON.stringify({ name: 'ünïcödé', n: -0.5 }));
    bytes.ascii(']');
    expect(bytes.written()).toEqual(Buffer.from(JSON.stringify([...strings, { name: 'ünïcödé', n: -0.5 }])));
    expect(bytes.length).toBe(bytes.written().length);
  });

  it('grows past its capacity, keeping what it wrote', () => {
    const bytes = new JsonBytes(64);
    const long = 'x'.repeat(1000);
    const values = Array.from({ length: 50 }, (_, i) => `${long}${i}`);
    bytes.ascii('[');
    values.forEach((value, i) => {
      if (i > 0) bytes.ascii(',');
      bytes.string(value);
    });
    bytes.json(',"€€€"]');
    expect(bytes.written().toString()).toBe(JSON.stringify([...values, '€€€']));
  });
});
