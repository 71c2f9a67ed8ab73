import {
  defaultTypeResolver,
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLString,
  isEnumType,
  type GraphQLAbstractType,
  type GraphQLResolveInfo,
  type GraphQLTypeResolver,
} from 'graphql';
import type { AbstractPlan, FieldPlan, LeafPlan, ListPlan, ObjectPlan, OutputPlan, QueryPlan } from './plan.js';

/** Builds the answer's data from the root value; resolvers' promises are pushed to `pending`. */
export type ReadAnswer = (root: unknown, context: unknown, args: readonly unknown[], infos: readonly GraphQLResolveInfo[], pending: unknown[]) => unknown;

/**
 * What the generated code gives: the answer's data as objects (for Apollo Server, which
 * serializes them itself), or straight as its JSON text, `JSON.stringify` of those objects, for
 * an answer sent as it is (the known queries): built and serialized in one pass, without the
 * objects a 3 MB answer would otherwise leave to the garbage collector.
 */
export type ReadOutput = 'objects' | 'json';

/** A value graphql-js would answer with an error (a null in a non-null place, an invalid value). */
export class NotReadable extends Error {}

/** What the generated code refers to: functions and types it cannot spell as literals. */
interface Tables {
  resolvers: unknown[];
  serializers: Array<(value: unknown) => unknown>;
  /** By enum: each value's name, or in JSON output its name as a JSON string. */
  enumNames: Array<Map<unknown, string>>;
  typeResolvers: Array<GraphQLTypeResolver<unknown, unknown>>;
  abstractTypes: GraphQLAbstractType[];
  isTypeOf: Array<(value: unknown, context: unknown, info: GraphQLResolveInfo) => unknown>;
}

/**
 * A built-in scalar's value as JSON text, when the check of ALREADY_SERIALIZED holds:
 * `JSON.stringify` of it (for a finite number, the same digits as `String`).
 */
const ALREADY_SERIALIZED_JSON: ReadonlyMap<unknown, (v: string) => string> = new Map<unknown, (v: string) => string>([
  [GraphQLString, (v) => `quote(${v})`],
  [GraphQLID, (v) => `quote(${v})`],
  [GraphQLBoolean, (v) => `(${v} ? "true" : "false")`],
  [GraphQLInt, (v) => `("" + ${v})`],
  [GraphQLFloat, (v) => `("" + ${v})`],
]);

/** What `JSON.stringify` of a string escapes: a quote, a backslash, a control character, a surrogate (a lone one is escaped). */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(text)`, quoted by hand when nothing in it needs escaping: most of an answer's strings, and a call into JSON.stringify each cost more. */
function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** A serialized value's JSON text; a value JSON has no text for is not one graphql-js would answer. */
function toJson(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new NotReadable('no JSON for a serialized value');
  return text;
}

/** A check under which a built-in scalar's value is already its answer (serialize() would return it unchanged). */
const ALREADY_SERIALIZED: ReadonlyMap<unknown, (v: string) => string> = new Map<unknown, (v: string) => string>([
  [GraphQLString, (v) => `typeof ${v} === "string"`],
  [GraphQLID, (v) => `typeof ${v} === "string"`],
  [GraphQLBoolean, (v) => `typeof ${v} === "boolean"`],
  [GraphQLInt, (v) => `(typeof ${v} === "number" && (${v} | 0) === ${v})`],
  [GraphQLFloat, (v) => `(typeof ${v} === "number" && Number.isFinite(${v}))`],
]);

/**
 * Generates one function per object, list and abstract value of the plan, with every property
 * read and resolver call spelled out: no walk over the query per object, no path or info object
 * per value, and answer objects built as literals of one shape. The result is what graphql-js
 * answers when no resolver fails; anything else (a throw, a null in a non-null place, a value
 * graphql-js would refuse) throws, and the caller runs the general execution instead.
 */
export function generateRead(plan: QueryPlan, output: ReadOutput = 'objects'): ReadAnswer {
  const json = output === 'json';
  const tables: Tables = { resolvers: [], serializers: [], enumNames: [], typeResolvers: [], abstractTypes: [], isTypeOf: [] };
  const functions: string[] = [];
  let next = 0;
  const name = (prefix: string): string => `${prefix}${(next += 1)}`;

  const nullOr = (nonNull: boolean): string => (nonNull ? 'nil()' : 'null');

  /** An expression for the answer to value `v` of the field at index `field`. */
  const complete = (output: OutputPlan, v: string, field: number): string => {
    switch (output.kind) {
      case 'leaf':
        return leaf(output, v);
      case 'object':
        return `(${v} == null ? ${nullOr(output.nonNull)} : ${objectFunction(output, field)}(${v}))`;
      case 'list':
        return `(${v} == null ? ${nullOr(output.nonNull)} : ${listFunction(output, field)}(${v}))`;
      case 'abstract':
        return `(${v} == null ? ${nullOr(output.nonNull)} : ${abstractFunction(output)}(${v}))`;
    }
  };

  // In JSON output a null is the value null all the same: joined into the text, it reads "null".
  const leaf = (output: LeafPlan, v: string): string => {
    const k = tables.serializers.push((value) => output.type.serialize(value)) - 1;
    const slow = name('leaf');
    const serialized = json ? `toJson(S[${k}](v))` : `S[${k}](v)`;
    functions.push(`function ${slow}(v) { if (v == null) return ${nullOr(output.nonNull)}; if (isThenable(v)) return pend(v); return ${serialized}; }`);
    if (isEnumType(output.type)) {
      const names = output.type.getValues().map((value) => [value.value, json ? JSON.stringify(value.name) : value.name] as const);
      const e = tables.enumNames.push(new Map(names)) - 1;
      return `(E[${e}].get(${v}) ?? ${slow}(${v}))`;
    }
    const check = ALREADY_SERIALIZED.get(output.type);
    const answer = json ? ALREADY_SERIALIZED_JSON.get(output.type)?.(v) : v;
    return check && answer !== undefined ? `(${check(v)} ? ${answer} : ${slow}(${v}))` : `${slow}(${v})`;
  };

  /** Statements that set `v` to the field's raw value, as graphql-js's execution reads it. */
  const read = (field: FieldPlan, v: string, root: boolean): string => {
    const i = field.index;
    if (field.typename) return `let ${v} = ${JSON.stringify(json ? JSON.stringify(field.parentType.name) : field.parentType.name)};`;
    const resolve = field.definition?.resolve;
    if (resolve) {
      tables.resolvers[i] = resolve;
      return `let ${v} = R[${i}](s, A[${i}], C, I[${i}]);`;
    }
    // graphql-js's default resolver: the property, called when it is a function; nothing on no object.
    const property = `s[${JSON.stringify(field.definition?.name ?? field.responseKey)}]`;
    const guard = root ? 's == null ? undefined : ' : '';
    return `let ${v} = ${guard}${property}; if (typeof ${v} === "function") ${v} = ${property}(A[${i}], C, I[${i}]);`;
  };

  /** The function answering an object of the plan's type; `field` is the field returning it (undefined: the root). */
  const objectFunction = (output: ObjectPlan, field: number | undefined): string => {
    const fn = name('object');
    const root = field === undefined;
    const lines: string[] = [];
    if (!root) lines.push('if (isThenable(s)) return pend(s);');
    const isTypeOf = output.type.isTypeOf;
    if (isTypeOf && !root) {
      const t = tables.isTypeOf.push(isTypeOf) - 1;
      lines.push(`const ok = IT[${t}](s, C, I[${field}]); if (!ok || isThenable(ok)) throw new NotReadable("not a " + ${JSON.stringify(output.type.name)});`);
    }
    output.fields.forEach((child, n) => {
      lines.push(read(child, `v${n}`, root));
      if (child.output) lines.push(`v${n} = ${complete(child.output, `v${n}`, child.index)};`);
    });
    if (json) {
      // '{"a":' + v0 + ',"b":' + v1 + '}': the keys' text made here, once.
      const parts = output.fields.map((field, n) => `${JSON.stringify(`${n === 0 ? '{' : ','}${JSON.stringify(field.responseKey)}:`)} + v${n}`);
      lines.push(`return ${parts.join(' + ')} + "}";`);
    } else {
      const literal = output.fields.map((field, n) => `${JSON.stringify(field.responseKey)}: v${n}`).join(', ');
      lines.push(`return { ${literal} };`);
    }
    functions.push(`function ${fn}(s) {\n  ${lines.join('\n  ')}\n}`);
    return fn;
  };

  const listFunction = (output: ListPlan, field: number): string => {
    const fn = name('list');
    functions.push(
      `function ${fn}(v) {
  if (!Array.isArray(v)) {
    if (isThenable(v)) return pend(v);
    if (typeof v !== "object" || typeof v[Symbol.iterator] !== "function") throw new NotReadable("not a list");
    v = Array.from(v);
  }
  ${
    json
      ? `let out = "[";
  for (let i = 0; i < v.length; i += 1) { const x = v[i]; if (i > 0) out += ","; out += ${complete(output.item, 'x', field)}; }
  return out + "]";`
      : `const n = v.length, out = new Array(n);
  for (let i = 0; i < n; i += 1) { const x = v[i]; out[i] = ${complete(output.item, 'x', field)}; }
  return out;`
  }
}`,
    );
    return fn;
  };

  const abstractFunction = (output: AbstractPlan): string => {
    const fn = name('abstract');
    const t = tables.typeResolvers.push(output.type.resolveType ?? defaultTypeResolver) - 1;
    tables.abstractTypes[t] = output.type;
    const cases = [...output.possible].map(([typeName, plan]) => `case ${JSON.stringify(typeName)}: return ${objectFunction(plan, output.field)}(s);`);
    functions.push(
      `function ${fn}(s) {
  if (isThenable(s)) return pend(s);
  const type = TR[${t}](s, C, I[${output.field}], T[${t}]);
  if (isThenable(type)) return pend(type);
  switch (type) {
    ${cases.join('\n    ')}
    default: throw new NotReadable("no object type named " + String(type));
  }
}`,
    );
    return fn;
  };

  const root = objectFunction(plan.root, undefined);
  const source = `"use strict";
let C, A, I, P;
const nil = () => { throw new NotReadable("null in a non-null place"); };
const pend = (v) => { P.push(v); return null; };
const isThenable = (v) => v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function";

${functions.join('\n')}
return function read(root, context, args, infos, pending) {
  C = context; A = args; I = infos; P = pending;
  try { return ${root}(root); } finally { C = undefined; A = undefined; I = undefined; P = undefined; }
};`;
  // The source holds only names and literals made with JSON.stringify; the values are passed in.
  const parameters = ['R', 'S', 'E', 'TR', 'T', 'IT', 'NotReadable', 'quote', 'toJson'];
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(...parameters, source) as (...tables: unknown[]) => ReadAnswer;
  return factory(
    tables.resolvers,
    tables.serializers,
    tables.enumNames,
    tables.typeResolvers,
    tables.abstractTypes,
    tables.isTypeOf,
    NotReadable,
    quote,
    toJson,
  );
}
