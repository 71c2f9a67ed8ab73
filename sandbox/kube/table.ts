import { ApiError, badRequest } from './errors.js';
import { age, builtinPrinter, NAME_COLUMN, type Printer, type TableColumn } from './printers.js';
import type { PrinterColumn, ResourceType } from './resources.js';
import type { StoredObject } from './store.js';
import { WORKLOAD_PRINTERS } from './workloadPrinters.js';

/**
 * The Table format `kubectl get` asks for (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`):
 * column definitions and one row of cells per object, with the object as PartialObjectMetadata
 * unless `includeObject` says otherwise (apiserver endpoints/handlers/response.go asTable).
 */
export type TableVersion = 'v1' | 'v1beta1';
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/**
 * The Table version an Accept header asks for first, or undefined for the plain object
 * (content negotiation takes the first media range the server can serve).
 */
export function negotiateTable(accept: string | undefined): TableVersion | undefined {
  for (const range of (accept ?? '').split(',')) {
    const [type = '', ...params] = range.split(';').map((p) => p.trim());
    const options = new Map(params.map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
    if (options.get('as') === 'Table' && options.get('g') === 'meta.k8s.io' && (options.get('v') === 'v1' || options.get('v') === 'v1beta1'))
      return options.get('v') as TableVersion;
    if (options.has('as')) continue;
    if (type === 'application/json' || type === '*/*' || type === 'application/*' || type === '') return undefined;
  }
  return undefined;
}

export function includeObjectOf(q: URLSearchParams): IncludeObject {
  const value = q.get('includeObject') ?? '';
  if (value === '' || value === 'Metadata') return 'Metadata';
  if (value === 'None' || value === 'Object') return value;
  throw badRequest(`unrecognized includeObject value: "${value}"`);
}

/**
 * A JSONPath of a printer column (`.status.state`, `.spec.brokers[0].id`, `.metadata.labels['app']`,
 * a filter as cert-manager's columns use: `.status.conditions[?(@.type=="Ready")].status`): the first value found.
 */
export function jsonPathValue(object: unknown, path: string): unknown {
  const steps: string[] = [];
  const pattern = /\.((?:\\\.|[^.[\]])+)|\[(\d+|\*|'[^']*'|"[^"]*"|\?\(@\.[^=]+==(?:"[^"]*"|'[^']*')\))\]/gy;
  const source = path
    .trim()
    .replace(/^\{|\}$/g, '')
    .replace(/^\$/, '');
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(source)) !== null) {
    const step = match[1] ?? match[2] ?? '';
    steps.push(step.startsWith('?(') ? step : step.replace(/\\\./g, '.').replace(/^['"]|['"]$/g, ''));
  }
  let values: unknown[] = [object];
  for (const step of steps) {
    const next: unknown[] = [];
    const filter = /^\?\(@\.([^=]+)==["'](.*)["']\)$/.exec(step);
    for (const value of values) {
      if (filter !== null) {
        const [, key = '', wanted] = filter;
        if (Array.isArray(value)) next.push(...(value as unknown[]).filter((item) => jsonPathValue(item, `.${key}`) === wanted));
      } else if (step === '*') {
        if (Array.isArray(value)) next.push(...(value as unknown[]));
        else if (value !== null && typeof value === 'object') next.push(...Object.values(value as Record<string, unknown>));
      } else if (Array.isArray(value) && /^\d+$/.test(step)) next.push((value as unknown[])[Number(step)]);
      else if (value !== null && typeof value === 'object' && !Array.isArray(value)) next.push((value as Record<string, unknown>)[step]);
    }
    values = next.filter((v) => v !== undefined);
  }
  return values[0];
}

/** apiextensions tableconvertor cellForJSONValue; string columns print as jsonpath does (JSON for maps and lists). */
function cell(type: string, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' ? (Number.isNaN(Date.parse(value)) ? '<invalid>' : age(value)) : null;
    default:
      return null;
  }
}

/** A custom resource: Name, then the CRD's additionalPrinterColumns, or Age when it has none (apiextensions tableconvertor). */
function customPrinter(columns: PrinterColumn[] | undefined): Printer {
  const printed = columns ?? [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  return {
    columns: [
      NAME_COLUMN,
      ...printed.map((c): TableColumn => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description: c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        priority: c.priority ?? 0,
      })),
    ],
    cells: (o) => [o.metadata.name, ...printed.map((c) => cell(c.type, jsonPathValue(o, c.jsonPath)))],
  };
}

/** Kinds without a printer: the default table convertor's Name and Created At (rest/table.go). */
const DEFAULT_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    {
      name: 'Created At',
      type: 'date',
      format: '',
      description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
      priority: 0,
    },
  ],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
};

export function printerOf(r: ResourceType): Printer {
  return r.custom ? customPrinter(r.printerColumns) : (builtinPrinter(r.group, r.kind) ?? WORKLOAD_PRINTERS[`${r.group}/${r.kind}`] ?? DEFAULT_PRINTER);
}

/** The object of a row: PartialObjectMetadata (the default), the whole object, or nothing. */
function rowObject(object: StoredObject, include: IncludeObject, version: TableVersion): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: object.metadata };
}

export interface TableOptions {
  version: TableVersion;
  include: IncludeObject;
  /** Leave out the column definitions (watch events after the first, handlers/response.go). */
  noHeaders?: boolean;
}

/** A meta.k8s.io Table of `objects` (already carrying kind and apiVersion). */
export function toTable(r: ResourceType, objects: StoredObject[], listMeta: Record<string, unknown>, options: TableOptions): Record<string, unknown> {
  const printer = printerOf(r);
  if (r.createOnly) throw new ApiError(406, 'NotAcceptable', `the resource ${r.plural}.${r.group} does not support being converted to a Table`);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: listMeta,
    // Go marshals the nil slice of a headerless table as null.
    columnDefinitions: options.noHeaders ? null : printer.columns,
    rows: objects.map((object) => {
      const included = rowObject(object, options.include, options.version);
      return { cells: printer.cells(object), ...(included !== undefined ? { object: included } : {}) };
    }),
  };
}
