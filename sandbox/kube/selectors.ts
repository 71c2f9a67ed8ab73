import { badRequest } from './errors.js';

/** One requirement of a label selector (apimachinery labels.Requirement). */
interface Requirement {
  key: string;
  op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists';
  values: string[];
}

export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

/** Parses `k=v,k!=v,k in (a,b),k notin (a),k,!k` (comma is AND); a syntax error is 400. */
export function parseLabelSelector(selector: string | undefined): LabelMatcher {
  if (selector === undefined || selector.trim() === '') return () => true;
  const requirements: Requirement[] = [];
  // Split on commas outside parentheses.
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  for (const raw of parts) {
    const part = raw.trim();
    let match: RegExpMatchArray | null;
    if ((match = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part))) {
      requirements.push({ key: match[1] ?? '', op: match[2] === 'in' ? 'in' : 'notin', values: (match[3] ?? '').split(',').map((v) => v.trim()) });
    } else if ((match = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(part))) {
      requirements.push({ key: match[1] ?? '', op: match[2] === '!=' ? 'neq' : 'eq', values: [match[3] ?? ''] });
    } else if ((match = /^!\s*([^\s!=()]+)$/.exec(part))) {
      requirements.push({ key: match[1] ?? '', op: 'notexists', values: [] });
    } else if (/^[^\s!=()]+$/.test(part)) {
      requirements.push({ key: part, op: 'exists', values: [] });
    } else {
      throw badRequest(`unable to parse requirement: found '${part}', expected: identifier`);
    }
  }
  return (labels) =>
    requirements.every(({ key, op, values }) => {
      const value = labels?.[key];
      switch (op) {
        case 'eq':
          return value === values[0];
        case 'neq':
          return value !== values[0];
        case 'in':
          return value !== undefined && values.includes(value);
        case 'notin':
          return value === undefined || !values.includes(value);
        case 'exists':
          return value !== undefined;
        case 'notexists':
          return value === undefined;
      }
    });
}

export type FieldMatcher = (object: Record<string, unknown>) => boolean;

function fieldValue(object: Record<string, unknown>, path: string): string {
  let value: unknown = object;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
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
