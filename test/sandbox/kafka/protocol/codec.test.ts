import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../../sandbox/kafka/protocol/codec.js';
import { apiVersionsResponse } from '../../../../sandbox/kafka/protocol/messages/apiVersions.js';
import { Reader } from '../../../../sandbox/kafka/protocol/reader.js';
import { Writer } from '../../../../sandbox/kafka/protocol/writer.js';

describe('protocol primitives', () => {
  it.each([
    [0, '00'],
    [127, '7f'],
    [128, '8001'],
    [16383, 'ff7f'],
    [16384, '808001'],
    [2 ** 31, '8080808008'],
  ])('writes unsigned varint %i as %s and reads it back', (value, hex) => {
    const bytes = new Writer().unsignedVarint(value).toBuffer();
    expect(bytes.toString('hex')).toBe(hex);
    expect(new Reader(bytes).unsignedVarint()).toBe(value);
  });

  it('grows past its first buffer without losing what it wrote', () => {
    const writer = new Writer();
    for (let i = 0; i < 100; i += 1) writer.int64(BigInt(i));
    const reader = new Reader(writer.toBuffer());
    const read: bigint[] = [];
    for (let i = 0; i < 100; i += 1) read.push(reader.int64());
    expect(read).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i)));
  });

  it('prefixes compact strings with length + 1 and classic ones with an int16, -1 for null', () => {
    const long = 'x'.repeat(200);
    const bytes = new Writer().string(long, true).string(null, true).string('ab', false).string(null, false).toBuffer();
    expect(bytes.subarray(0, 2).toString('hex')).toBe('c901');
    const reader = new Reader(bytes);
    expect([reader.string(true), reader.string(true), reader.string(false), reader.string(false)]).toEqual([long, null, 'ab', null]);
  });
});

describe('tagged fields', () => {
  const base = { errorCode: 0, apiKeys: [], throttleTimeMs: 0 };

  it('are left out at their default and written in tag order otherwise', () => {
    expect(encodeMessage(apiVersionsResponse, 3, base).toString('hex')).toBe('0000' + '01' + '00000000' + '00');
    const withTags = encodeMessage(apiVersionsResponse, 3, { ...base, zkMigrationReady: true, finalizedFeaturesEpoch: 5n });
    // two tagged fields: tag 1 (8 bytes, epoch 5), then tag 3 (1 byte, true)
    expect(withTags.subarray(7).toString('hex')).toBe('02' + '0108' + '0000000000000005' + '0301' + '01');
    expect(decodeMessage(apiVersionsResponse, 3, withTags)).toMatchObject({ finalizedFeaturesEpoch: 5n, zkMigrationReady: true });
  });

  it('skips tags it does not know', () => {
    const unknownTag = Buffer.from('0000' + '01' + '00000000' + '01' + '0902' + 'abcd', 'hex');
    expect(decodeMessage(apiVersionsResponse, 3, unknownTag)).toMatchObject({ errorCode: 0, finalizedFeaturesEpoch: -1n });
  });
});
