import { describe, expect, it } from 'vitest';
import { LabelSelectorError, matchesLabels, parseLabelSelector } from '../../src/domain/labelSelector.js';

const labels = { env: 'prod', tier: 'gold', 'app.kubernetes.io/part-of': 'payments' };

describe('label selectors, as kubectl get -l takes them', () => {
  it.each<[string, boolean]>([
    ['', true],
    ['env=prod', true],
    ['env==prod', true],
    ['env=dev', false],
    ['env!=dev', true],
    ['missing!=x', true],
    ['env=prod,tier=silver', false],
    ['tier in (gold, silver)', true],
    ['tier notin (gold,silver)', false],
    ['missing notin (a)', true],
    ['app.kubernetes.io/part-of', true],
    ['!canary', true],
    ['!env', false],
    ['env=prod,tier in (gold),!canary', true],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('takes an empty value, which matches a label set to ""', () => {
    expect(matchesLabels(parseLabelSelector('env='), { env: '' })).toBe(true);
    expect(matchesLabels(parseLabelSelector('env='), labels)).toBe(false);
  });

  it.each(['env in gold', '=prod', 'env=a b', 'Bad Key=1', 'env=(x)'])('refuses %j', (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorError);
  });
});
