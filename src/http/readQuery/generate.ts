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
import { JsonBytes } from './jsonBytes.js';
import type { AbstractPlan, FieldPlan, LeafPlan, ListPlan, ObjectPlan, OutputPlan, QueryPlan } from './plan.js';

/** Builds the answer's data from the root value; resolvers' promises are pushed to `pending`. */
export type ReadAnswer = (root: unknown, context: unknown, args: readonly unknown[], infos: readonly GraphQLResolveInfo[], pending: unknown[]) => unknown;

/**
 * What the generated code gives: the answer's data as objects (for Apollo Server, which
 * serializes them itself), or straight as its JSON text's bytes, those of
 * `JSON.stringify` of the objects, for an answer sent as it is (the known queries): written in one
 * pass into one buffer, with no objects or strings for a 3 MB answer to leave to the garbage
 * collector, and nothing left to serialize or encode.
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
 * How the JSON output writes a built-in scalar's value when the check of ALREADY_SERIALIZED
 * holds: as `JSON.stringify` would (for a finite number, the same digits as `String`).
 */
const ALREADY_SERIALIZED_JSON: ReadonlyMap<unknown, (v: string) => string> = new Map<unknown, (v: string) => string>([
  [GraphQLString, (v) => `W.string(${v});`],
  [GraphQLID, (v) => `W.string(${v});`],
  [GraphQLBoolean, (v) => `W.ascii(${v} ? "true" : "false");`],
  [GraphQLInt, (v) => `W.ascii("" + ${v});`],
  [GraphQLFloat, (v) => `W.ascii("" + ${v});`],
]);

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
 * per value, and answer objects built as literals of one shape (or, in JSON output, their text
 * written as the values are read). The result is what graphql-js answers when no resolver fails;
 * anything else (a throw, a null in a non-null place, a value graphql-js would refuse) throws, and
 * the caller runs the general execution instead.
 */
export function generateRead(plan: QueryPlan, output: ReadOutput = 'objects'): ReadAnswer {
  const json = output === 'json';
  const tables: Tables = { resolvers: [], serializers: [], enumNames: [], typeResolvers: [], abstractTypes: [], isTypeOf: [] };
  const functions: string[] = [];
  let next = 0;
  const name = (prefix: string): string => `${prefix}${(next += 1)}`;

  const nullOr = (nonNull: boolean): string => (nonNull ? 'nil()' : 'null');
  /** JSON output: a statement writing a null, or failing in a non-null place. */
  const writeNull = (nonNull: boolean): string => (nonNull ? 'nil();' : 'W.ascii("null");');
  /** JSON output: a statement writing text made here (keys, punctuation: ASCII, as GraphQL names are). */
  const writeText = (text: string): string => `W.ascii(${JSON.stringify(text)});`;

  /** Objects: an expression for the answer to value `v` of the field at index `field`. JSON: statements writing it. */
  const complete = (output: OutputPlan, v: string, field: number): string => {
    if (output.kind === 'leaf') return leaf(output, v);
    const fn = output.kind === 'object' ? objectFunction(output, field) : output.kind === 'list' ? listFunction(output, field) : abstractFunction(output);
    return json ? `if (${v} == null) ${writeNull(output.nonNull)} else ${fn}(${v});` : `(${v} == null ? ${nullOr(output.nonNull)} : ${fn}(${v}))`;
  };

  const leaf = (output: LeafPlan, v: string): string => {
    const k = tables.serializers.push((value) => output.type.serialize(value)) - 1;
    const slow = name('leaf');
    functions.push(
      json
        ? `function ${slow}(v) { if (v == null) { ${writeNull(output.nonNull)} return; } if (isThenable(v)) return pend(v); W.json(toJson(S[${k}](v))); }`
        : `function ${slow}(v) { if (v == null) return ${nullOr(output.nonNull)}; if (isThenable(v)) return pend(v); return S[${k}](v); }`,
    );
    if (isEnumType(output.type)) {
      // In JSON output, each value's name as its JSON text.
      const names = output.type.getValues().map((value) => [value.value, json ? JSON.stringify(value.name) : value.name] as const);
      const e = tables.enumNames.push(new Map(names)) - 1;
      return json ? `{ const t = E[${e}].get(${v}); if (t !== undefined) W.ascii(t); else ${slow}(${v}); }` : `(E[${e}].get(${v}) ?? ${slow}(${v}))`;
    }
    const check = ALREADY_SERIALIZED.get(output.type);
    if (json) {
      const write = ALREADY_SERIALIZED_JSON.get(output.type)?.(v);
      return check && write !== undefined ? `if (${check(v)}) ${write} else ${slow}(${v});` : `${slow}(${v});`;
    }
    return check ? `(${check(v)} ? ${v} : ${slow}(${v}))` : `${slow}(${v})`;
  };

  /** Statements that set `v` to the field's raw value, as graphql-js's execution reads it (`__typename` is answered before). */
  const read = (field: FieldPlan, v: string, root: boolean): string => {
    const i = field.index;
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
      // JSON output: the key is written before the value, with the comma or brace before it.
      if (json) lines.push(writeText(`${n === 0 ? '{' : ','}${JSON.stringify(child.responseKey)}:`));
      if (child.typename) {
        const typeName = JSON.stringify(child.parentType.name);
        lines.push(json ? writeText(typeName) : `const v${n} = ${typeName};`);
        return;
      }
      lines.push(read(child, `v${n}`, root));
      if (child.output) lines.push(json ? complete(child.output, `v${n}`, child.index) : `v${n} = ${complete(child.output, `v${n}`, child.index)};`);
    });
    if (json) lines.push(writeText(output.fields.length === 0 ? '{}' : '}'));
    else lines.push(`return { ${output.fields.map((field, n) => `${JSON.stringify(field.responseKey)}: v${n}`).join(', ')} };`);
    functions.push(`function ${fn}(s) {\n  ${lines.join('\n  ')}\n}`);
    return fn;
  };

  const listFunction = (output: ListPlan, field: number): string => {
    const fn = name('list');
    const items = json
      ? `${writeText('[')}
  for (let i = 0; i < v.length; i += 1) { const x = v[i]; if (i > 0) ${writeText(',')} ${complete(output.item, 'x', field)} }
  ${writeText(']')}`
      : `const n = v.length, out = new Array(n);
  for (let i = 0; i < n; i += 1) { const x = v[i]; out[i] = ${complete(output.item, 'x', field)}; }
  return out;`;
    functions.push(
      `function ${fn}(v) {
  if (!Array.isArray(v)) {
    if (isThenable(v)) return pend(v);
    if (typeof v !== "object" || typeof v[Symbol.iterator] !== "function") throw new NotReadable("not a list");
    v = Array.from(v);
  }
  ${items}
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
  // JSON output: the buffer starts at the size of the last answer, so that an answer of the same size is written without growing it.
  const answer = json
    ? `W = new JsonBytes(expected);
    ${root}(root);
    expected = W.length + (W.length >> 3);
    return W.written();`
    : `return ${root}(root);`;
  const source = `"use strict";
let C, A, I, P, W, expected = 0;
const nil = () => { throw new NotReadable("null in a non-null place"); };
const pend = (v) => { P.push(v); return null; };
const isThenable = (v) => v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function";
${functions.join('\n')}
return function read(root, context, args, infos, pending) {
  C = context; A = args; I = infos; P = pending;
  try {
    ${answer}
  } finally { C = undefined; A = undefined; I = undefined; P = undefined; W = undefined; }
};`;
  // The source holds only names and literals made with JSON.stringify; the values are passed in.
  const parameters = ['R', 'S', 'E', 'TR', 'T', 'IT', 'NotReadable', 'JsonBytes', 'toJson'];
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
    JsonBytes,
    toJson,
  );
}
