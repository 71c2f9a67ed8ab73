/**
 * Kubernetes label selectors as `kubectl get -l` takes them (apimachinery labels.Parse):
 * `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key`, `!key`,
 * joined by commas, all of which must hold.
 */
export type LabelRequirement = { key: string; operator: 'in' | 'notin'; values: string[] } | { key: string; operator: 'exists' | 'doesnotexist' };

export type LabelSelector = LabelRequirement[];

export class LabelSelectorError extends Error {}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

function key(text: string, selector: string): string {
  if (!KEY.test(text)) throw new LabelSelectorError(`invalid label key ${JSON.stringify(text)} in selector ${JSON.stringify(selector)}`);
  return text;
}

function value(text: string, selector: string): string {
  if (!VALUE.test(text) || text.length > 63)
    throw new LabelSelectorError(`invalid label value ${JSON.stringify(text)} in selector ${JSON.stringify(selector)}`);
  return text;
}

/** Splits on the commas that are not inside a `( ... )` value set. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += char;
  }
  out.push(current);
  return out.map((t) => t.trim());
}

export function parseLabelSelector(selector: string): LabelSelector {
  if (selector.trim() === '') return [];
  return terms(selector).map((term): LabelRequirement => {
    const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
    if (set) {
      const values = (set[3] ?? '').split(',').map((v) => value(v.trim(), selector));
      return { key: key(set[1] ?? '', selector), operator: set[2] === 'in' ? 'in' : 'notin', values };
    }
    const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (equality) {
      const operator = equality[2] === '!=' ? 'notin' : 'in';
      return { key: key(equality[1] ?? '', selector), operator, values: [value(equality[3] ?? '', selector)] };
    }
    if (term.startsWith('!')) return { key: key(term.slice(1).trim(), selector), operator: 'doesnotexist' };
    if (term !== '' && !/[\s=!()]/.test(term)) return { key: key(term, selector), operator: 'exists' };
    throw new LabelSelectorError(`cannot parse ${JSON.stringify(term)} in label selector ${JSON.stringify(selector)}`);
  });
}

export function matchesLabels(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  const own = labels ?? {};
  return selector.every((r) => {
    const present = Object.hasOwn(own, r.key);
    switch (r.operator) {
      case 'exists':
        return present;
      case 'doesnotexist':
        return !present;
      case 'in':
        return present && r.values.includes(own[r.key] ?? '');
      case 'notin':
        // apimachinery: `key!=value` and `notin` also match objects without the key.
        return !present || !r.values.includes(own[r.key] ?? '');
    }
  });
}
