import { parseDocument } from 'yaml';
import { nowTime, type KubeApi } from './api.js';
import { ApiError, badRequest, notFound, unsupportedMediaType } from './errors.js';
import {
  dropUnknownFields,
  fieldValidationOf,
  goMapString,
  patchDecodeError,
  strictBodyError,
  strictPatchError,
  strictProblems,
  type FieldValidation,
} from './fieldValidation.js';
import { fieldTypeError } from './fieldTypes.js';
import { decodeJson, JsonSyntaxError } from './json.js';
import { decodeProtobufBody, ProtobufDecodeError, PROTOBUF_MEDIA_TYPE, protobufMessage } from './protobuf/decode.js';
import { managerOf, recordUpdate, serverSideApply, type Writer } from './managedFields.js';
import { applyPatch, patchTypeOf } from './patch.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import type { AuthorizationPolicy, RulesLister } from './authorization.js';
import { answerReview, type Authenticator, type UserInfo } from './reviews.js';
import type { StoredObject } from './store.js';

/** A create (POST), update (PUT) or patch (PATCH) as it came over HTTP. */
export interface WriteRequest {
  method: 'POST' | 'PUT' | 'PATCH';
  r: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: 'status' | undefined;
  query: URLSearchParams;
  contentType: string;
  userAgent: string | undefined;
  body: Buffer;
  /** Who is asking, and how the sandbox answers TokenReviews and SubjectAccessReviews. */
  reviews: { requester: UserInfo; authenticate: Authenticator; policy: AuthorizationPolicy; rules?: RulesLister | undefined };
}

export interface WriteResult {
  code: number;
  object: StoredObject;
  /** Texts for `Warning` headers (fieldValidation=Warn). */
  warnings: string[];
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

/** 422 on the request's options (`PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: …`). */
function invalidOptions(kind: OptionsKind, field: string, body: string, reason: string): ApiError {
  return new ApiError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${field}: ${body}`, {
    group: 'meta.k8s.io',
    kind,
    causes: [{ reason, message: body, field }],
  });
}

/**
 * The write handlers of the API server (apiserver endpoints/handlers create.go, update.go,
 * patch.go): options checked, the body decoded with the field validation asked for,
 * managedFields recorded, then the registry (KubeApi) does the rest.
 */
export function serveWrite(api: KubeApi, request: WriteRequest): WriteResult {
  const { method, r, query: q } = request;
  const options: OptionsKind = method === 'POST' ? 'CreateOptions' : method === 'PUT' ? 'UpdateOptions' : 'PatchOptions';
  const dryRun = q.get('dryRun');
  if (dryRun !== null && dryRun !== 'All') {
    throw invalidOptions(options, 'dryRun', `Unsupported value: []string{"${dryRun}"}: supported values: "All"`, 'FieldValueNotSupported');
  }
  const directive = fieldValidationOf(q, options);
  const writer: Writer = {
    manager: managerOf(q.get('fieldManager'), request.userAgent),
    apiVersion: apiVersionOf(r),
    subresource: request.subresource,
    statusSubresource: r.statusSubresource,
    time: nowTime(),
  };
  const context = { api, request, directive, writer, dryRun: dryRun === 'All', warnings: [] as string[] };
  if (method === 'POST') return create(context);
  if (method === 'PUT') return update(context);
  return patch(context);
}

interface Context {
  api: KubeApi;
  request: WriteRequest;
  directive: FieldValidation;
  writer: Writer;
  dryRun: boolean;
  warnings: string[];
}

/** Strict refuses, Warn reports, Ignore says nothing (the unknown fields are dropped in every case). */
function report(context: Context, problems: string[], strictError: () => ApiError): void {
  if (problems.length === 0) return;
  if (context.directive === 'Strict') throw strictError();
  if (context.directive === 'Warn') context.warnings.push(...problems);
}

/**
 * Bodies the sandbox decodes: JSON and YAML for every kind, protobuf for the built-ins it has
 * messages for (protobuf/messages.ts); never protobuf for custom resources, as the real server
 * (customresource_handler.go serves JSON and YAML only). CBOR it does not decode.
 */
const bodyTypes = (r: ResourceType): string[] => [
  'application/json',
  'application/yaml',
  ...(!r.custom && protobufMessage(r.group, r.version, r.kind) ? [PROTOBUF_MEDIA_TYPE] : []),
];

/** A create or update body (JSON, YAML or protobuf), decoded into the kind: unknown fields dropped and reported. */
function decodeBody(context: Context): StoredObject {
  const { r, contentType } = context.request;
  const type = contentType.split(';')[0]?.trim() ?? '';
  const cannotHandle = (detail: string): ApiError => badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${detail}`);
  if (type === PROTOBUF_MEDIA_TYPE && bodyTypes(r).includes(type)) return decodeProtobuf(r, context.request.body);
  const body = context.request.body.toString('utf8');
  let decoded: { value: unknown; duplicates: string[] };
  if (type === 'application/yaml') {
    const document = parseDocument(body, { uniqueKeys: false });
    if (document.errors.length > 0) throw cannotHandle(`error converting YAML to JSON: ${document.errors[0]?.message ?? ''}`);
    // Duplicate keys in YAML are found the same way as in JSON, once converted.
    decoded = decodeJsonOrFail(JSON.stringify(parseDocument(body, { uniqueKeys: false }).toJS()), cannotHandle);
    decoded.duplicates = parseDocument(body, { uniqueKeys: true })
      .errors.filter((e) => e.code === 'DUPLICATE_KEY')
      .map((e) => body.slice(e.pos[0], e.pos[1]));
  } else if (type === '' || type === 'application/json' || type === '*/*') decoded = decodeJsonOrFail(body, cannotHandle);
  else throw unsupportedMediaType(bodyTypes(r));
  if (!isMap(decoded.value))
    throw cannotHandle(`json: cannot unmarshal ${Array.isArray(decoded.value) ? 'array' : typeof decoded.value} into Go value of type struct`);
  // A value of the wrong type fails decoding whatever the field validation (it is not a strict-decoding problem).
  const typeError = fieldTypeError(r, decoded.value);
  if (typeError !== undefined) throw cannotHandle(typeError);
  const unknown = dropUnknownFields(r, decoded.value);
  const duplicates = decoded.duplicates;
  report(context, strictProblems(context.directive === 'Ignore' ? [] : duplicates, unknown), () => strictBodyError(r, strictProblems(duplicates, unknown)));
  return decoded.value as StoredObject;
}

/**
 * A protobuf body: decoded into the kind's message, so fields the message does not have are
 * dropped without a word whatever the field validation (the protobuf serializer has no strict
 * mode: it is the StrictSerializer too). Decoding errors are the 400 of create.go
 * transformDecodeError.
 */
function decodeProtobuf(r: ResourceType, body: Buffer): StoredObject {
  try {
    return decodeProtobufBody(body, r).object as StoredObject;
  } catch (err) {
    if (!(err instanceof ProtobufDecodeError)) throw err;
    if (err.kind !== undefined) throw badRequest(`${err.kind} in version "${err.version ?? ''}" cannot be handled as a ${r.kind}: ${err.message}`);
    throw badRequest(`the object provided is unrecognized (must be of type ${r.kind}): ${err.message} (${summarizeData(body)})`);
  }
}

/** create.go summarizeData: an undecodable body named by its first 30 bytes, in hex unless it looks like JSON. */
function summarizeData(body: Buffer, max = 30): string {
  if (body.length === 0) return '<empty>';
  const head = body.subarray(0, max);
  const shown = body[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return body.length > max ? `${shown} ...` : shown;
}

function decodeJsonOrFail(text: string, cannotHandle: (detail: string) => ApiError): { value: unknown; duplicates: string[] } {
  try {
    return decodeJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw cannotHandle(err.message);
    throw err;
  }
}

function create(context: Context): WriteResult {
  const { api, request, writer } = context;
  if (request.name !== undefined) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const body = decodeBody(context);
  if (request.r.createOnly) {
    const { requester, authenticate, policy, rules } = request.reviews;
    return { code: 201, object: answerReview(request.r, body, requester, authenticate, policy, rules), warnings: context.warnings };
  }
  body.metadata = { ...(isMap(body.metadata) ? body.metadata : {}) } as StoredObject['metadata'];
  body.metadata.managedFields = recordUpdate(undefined, body, body.metadata.managedFields, writer);
  const object = api.create(request.r, request.namespace, body, { dryRun: context.dryRun });
  return { code: 201, object, warnings: context.warnings };
}

function update(context: Context): WriteResult {
  const { api, request, writer } = context;
  const { r, namespace, name, subresource } = request;
  if (name === undefined) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const body = decodeBody(context);
  const current = tryGet(api, r, namespace, name);
  if (current) {
    body.metadata = { ...(isMap(body.metadata) ? body.metadata : {}) } as StoredObject['metadata'];
    body.metadata.managedFields = recordUpdate(current, body, body.metadata.managedFields, writer);
  }
  return { code: 200, object: api.replace(r, namespace, name, body, subresource, { dryRun: context.dryRun }), warnings: context.warnings };
}

function patch(context: Context): WriteResult {
  const { api, request, writer } = context;
  const { r, namespace, name, subresource, query: q } = request;
  if (name === undefined) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const type = patchTypeOf(r, request.contentType);
  // meta/v1/validation ValidatePatchOptions.
  if (type === 'apply' && (q.get('fieldManager') ?? '') === '')
    throw invalidOptions('PatchOptions', 'fieldManager', 'Required value: is required for apply patch', 'FieldValueRequired');
  if (type !== 'apply' && q.get('force') !== null)
    throw invalidOptions('PatchOptions', 'force', 'Forbidden: may not be specified for non-apply patch', 'FieldValueForbidden');
  const current = tryGet(api, r, namespace, name);
  if (type === 'apply') return apply(context, current);
  if (!current) throw notFound(r, name);

  let decoded;
  try {
    decoded = decodeJson(request.body.toString('utf8'));
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw badRequest(`error decoding patch: ${err.message}`);
    throw err;
  }
  const patched = applyPatch(r, current, type, decoded.value);
  const patchedJson = JSON.stringify(patched);
  // handlers/patch.go: the patched object is decoded into the kind; a wrong type is a 422 on `patch`.
  const typeError = fieldTypeError(r, patched);
  if (typeError !== undefined) throw patchDecodeError(type === 'strategic' ? goMapString(decoded.value) : patchedJson, typeError);
  const unknown = dropUnknownFields(r, patched);
  const duplicates =
    context.directive === 'Ignore' ? [] : decoded.duplicates.map((d) => (type === 'json' ? `json patch duplicate field "${d}"` : `duplicate field "${d}"`));
  const problems = [...duplicates, ...strictProblems([], unknown)];
  // handlers/patch.go: the invalid value is the patched object (JSON, merge) or the patch map as Go prints it (strategic).
  report(context, problems, () => strictPatchError(type === 'strategic' ? goMapString(decoded.value) : patchedJson, problems));
  patched.metadata = { ...patched.metadata, managedFields: recordUpdate(current, patched, patched.metadata.managedFields, writer) };
  const patchedRv = patched.metadata.resourceVersion;
  const body = { ...patched, metadata: { ...patched.metadata, resourceVersion: patchedRv ?? current.metadata.resourceVersion } };
  return { code: 200, object: api.replace(r, namespace, name, body, subresource, { dryRun: context.dryRun }), warnings: context.warnings };
}

/** Server-side apply: create-or-update with field ownership (managedFields.ts). */
function apply(context: Context, current: StoredObject | undefined): WriteResult {
  const { api, request, writer } = context;
  const { r, namespace, subresource, query: q } = request;
  const name = request.name ?? '';
  const text = request.body.toString('utf8');
  const strict = parseDocument(text, { uniqueKeys: true });
  const duplicates = strict.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  const others = strict.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
  if (others.length > 0) throw badRequest(`error decoding patch: ${others[0]?.message ?? ''}`);
  if (duplicates.length > 0 && context.directive !== 'Ignore') {
    // sigs.k8s.io/yaml UnmarshalStrict, as handlers/patch.go applyPatcher reports it.
    const lines = duplicates.map(
      (e) => `line ${e.linePos?.[0].line ?? 0}: key ${JSON.stringify(text.slice(e.pos[0], e.pos[1]).replace(/^["']|["']$/g, ''))} already set in map`,
    );
    if (context.directive === 'Strict')
      throw badRequest(`error strict decoding patch: error converting YAML to JSON: yaml: unmarshal errors:\n  ${lines.join('\n  ')}`);
    context.warnings.push(...lines);
  }
  const applied: unknown = parseDocument(text, { uniqueKeys: false }).toJS();
  if (!isMap(applied)) throw badRequest('error decoding patch: the apply configuration must be an object');
  const expected = apiVersionOf(r);
  if (applied.apiVersion !== expected) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${typeof applied.apiVersion === 'string' ? applied.apiVersion : ''}, expected: ${expected}`,
    );
  }
  const metadata = isMap(applied.metadata) ? applied.metadata : {};
  if (metadata.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  // structured-merge-diff refuses fields the schema does not declare, whatever the directive (a 500 without reason).
  const unknown = dropUnknownFields(r, structuredClone(applied));
  if (unknown.length > 0) {
    const gvk = `${r.group}/${r.version}, Kind=${r.kind}`;
    const errors = unknown.map((path) => `.${path}: field not declared in schema`);
    throw new ApiError(
      500,
      '',
      `failed to create typed patch object (${namespace ?? ''}/${name}; ${gvk}): ${errors.length === 1 ? errors[0] : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n')}`,
    );
  }
  const { object, managedFields } = serverSideApply(current, applied, writer, q.get('force') === 'true');
  const result = object as StoredObject;
  result.metadata = { ...(isMap(result.metadata) ? result.metadata : {}), name, managedFields } as StoredObject['metadata'];
  if (!current) {
    if (subresource !== undefined) throw notFound(r, name);
    return { code: 201, object: api.create(r, namespace, result, { dryRun: context.dryRun }), warnings: context.warnings };
  }
  const requestedRv = typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : current.metadata.resourceVersion;
  result.metadata.resourceVersion = requestedRv;
  return { code: 200, object: api.replace(r, namespace, name, result, subresource, { dryRun: context.dryRun }), warnings: context.warnings };
}

function tryGet(api: KubeApi, r: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
  try {
    return api.get(r, namespace, name);
  } catch {
    return undefined;
  }
}
