import { describe, expect, it } from 'vitest';
import {
  addQuantities,
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  isQuantity,
  parseQuantity,
  QuantityError,
} from '../../../src/k8s/crd/quantity.js';

describe('canonicalQuantity: what the API server writes back', () => {
  it.each([
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['0.5', '500m'],
    ['1.5', '1500m'],
    ['1.5Gi', '1536Mi'],
    ['100m', '100m'],
    ['1.1Ki', '1126400m'],
    ['0.9n', '1n'],
    ['-0.9n', '-1n'],
    ['1.5n', '2n'],
    ['8Ei', '9223372036854775807'],
    ['10Ei', '9223372036854775807'],
    ['1.5Ei', '1536Pi'],
    ['1Pi', '1Pi'],
    ['1e3', '1e3'],
    ['1000e0', '1e3'],
    ['12e6', '12e6'],
    ['1.0', '1'],
    ['0', '0'],
    ['-0', '0'],
    ['0Gi', '0'],
    ['5Gi', '5Gi'],
    ['8Gi', '8Gi'],
    ['8192Mi', '8Gi'],
    ['1024', '1024'],
    ['1000', '1k'],
    ['0.1Ki', '102400m'],
    ['2000000k', '2G'],
    ['1000E', '1e21'],
    ['10Gi', '10Gi'],
    ['+1', '+1'],
    ['03Gi', '03Gi'],
    ['0100m', '0100m'],
    ['1.500k', '1.500k'],
    ['-1Ki', '-1Ki'],
    ['-2048', '-2048'],
    ['-2048Ki', '-2Mi'],
    ['1e-1000000000', '1e-9'],
    ['0.0000000001', '1n'],
    [' 2Gi ', '2Gi'],
    [10, '10'],
    [1000, '1k'],
    [1.5, '1500m'],
  ])('%j → %s', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });

  it.each(['', '1Zi', '1e', 'abc', '1.2.3', '1e1.5', '1 Gi', '--1', '1e99999999999999999999'])('refuses %j', (input) => {
    expect(() => parseQuantity(input)).toThrow(QuantityError);
    expect(isQuantity(input)).toBe(false);
  });

  it('names the input and the reason in its error', () => {
    expect(() => parseQuantity('1Ki3')).toThrow('"1Ki3" is not a Kubernetes quantity: unknown suffix "Ki3"');
    expect(() => parseQuantity('10Zi')).toThrow('"10Zi" is not a Kubernetes quantity: unexpected "Z"');
  });
});

describe('compareQuantities', () => {
  it.each([
    ['1Gi', '1024Mi', 0],
    ['1G', '1Gi', -1],
    ['10Gi', '5Gi', 1],
    ['1500m', '1.5', 0],
    ['-1', '1', -1],
    ['-2', '-1', -1],
    ['-1', '-2', 1],
    ['1e100000', '1', 1],
    ['1', '1e100000', -1],
    ['-1e100000', '-1', -1],
    ['0', '0n', 0],
    ['1n', '0', 1],
    ['999999999999999999999', '1e21', -1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareQuantities(parseQuantity(a), parseQuantity(b))).toBe(expected);
  });
});

describe('addQuantities', () => {
  it.each([
    ['100Gi', '10Gi', '110Gi'],
    ['100Gi', '10G', '114623225Ki'],
    ['10G', '500M', '10500M'],
    ['0', '5Gi', '5Gi'],
    ['1.5', '500m', '2'],
  ])("%s + %s → %s (in the first one's suffix family, as Quantity.Add)", (a, b, expected) => {
    expect(formatQuantity(addQuantities(parseQuantity(a), parseQuantity(b)))).toBe(expected);
  });
});
