import { LabelSelectorError, matchesLabels, parseLabelSelector as parseSelector } from '../../src/domain/labelSelector.js';
import { badRequest } from './errors.js';

export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

/** Parses `k=v,k!=v,k in (a,b),k notin (a),k,!k` (comma is AND) as the API server does; a syntax error is 400. */
export function parseLabelSelector(selector: string | undefined): LabelMatcher {
  if (selector === undefined || selector.trim() === '') return () => true;
  try {
    const parsed = parseSelector(selector);
    return (labels) => matchesLabels(parsed, labels);
  } catch (err) {
    if (err instanceof LabelSelectorError) throw badRequest(`unable to parse requirement: ${err.message}`);
    throw err;
  }
}

export type FieldMatcher = (object: Record<string, unknown>) => boolean;

/**
 * Field labels that are not the path of their value (kubernetes pkg/registry/core/event/strategy.go,
 * ToSelectableFields: an Event's `source` is its source's component).
 */
const FIELD_PATHS: Readonly<Record<string, string>> = { source: 'source.component' };

function fieldValue(object: Record<string, unknown>, label: string): string {
  let value: unknown = object;
  for (const key of (FIELD_PATHS[label] ?? label).split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Field selectors: only =, ==, != and the fields a kind supports; others are 400. */
export function parseFieldSelector(selector: string | undefined, supported: ReadonlySet<string>): FieldMatcher {
  if (selector === undefined || selector.trim() === '') return () => true;
  const terms = selector.split(',').map((term) => {
    const match = /^([^!=]+)(==|=|!=)(.*)$/.exec(term.trim());
    if (!match) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field = '', op, value = ''] = match;
    if (!supported.has(field) && field !== 'metadata.name' && field !== 'metadata.namespace') {
      throw badRequest(`field label not supported: ${field}`);
    }
    return { field, negate: op === '!=', value };
  });
  return (object) => terms.every(({ field, negate, value }) => (fieldValue(object, field) === value) !== negate);
}
