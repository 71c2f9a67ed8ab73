import protobuf from 'protobufjs';
import { PROTO_FILES } from './messages.js';

/**
 * Protobuf request bodies as the API server reads them (apimachinery
 * pkg/runtime/serializer/protobuf/protobuf.go, Serializer.Decode): the 4-byte magic `k8s\0`,
 * then a runtime.Unknown whose typeMeta names the kind and whose `raw` is the object's message
 * (without TypeMeta). The object is turned into the JSON a Go client would have sent for the
 * same struct, so everything after decoding runs as for a JSON body.
 */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from('k8s\0', 'latin1');

/** Where the sandbox's messages live, by API group (version v1 only). */
const PACKAGES: Readonly<Record<string, string>> = {
  '': 'k8s.io.api.core.v1',
  apps: 'k8s.io.api.apps.v1',
  batch: 'k8s.io.api.batch.v1',
  policy: 'k8s.io.api.policy.v1',
  'scheduling.k8s.io': 'k8s.io.api.scheduling.v1',
  'networking.k8s.io': 'k8s.io.api.networking.v1',
  'rbac.authorization.k8s.io': 'k8s.io.api.rbac.v1',
  'authentication.k8s.io': 'k8s.io.api.authentication.v1',
  'authorization.k8s.io': 'k8s.io.api.authorization.v1',
};

/** A body the decoder refused, with the wording of the Go error. */
export class ProtobufDecodeError extends Error {
  /** The kind the envelope named (transformDecodeError words the 400 differently without one). */
  constructor(
    message: string,
    readonly kind?: string,
    readonly version?: string,
  ) {
    super(message);
  }
}

let root: protobuf.Root | undefined;
function messages(): protobuf.Root {
  if (!root) {
    root = new protobuf.Root();
    for (const file of PROTO_FILES) protobuf.parse(file, root, { keepCase: true });
    root.resolveAll();
  }
  return root;
}

/** The message of a built-in kind, when the sandbox can decode it from protobuf. */
export function protobufMessage(group: string, version: string, kind: string): protobuf.Type | undefined {
  const pkg = PACKAGES[group];
  if (pkg === undefined || version !== 'v1') return undefined;
  const found = messages().lookup(`${pkg}.${kind}`);
  return found instanceof protobuf.Type ? found : undefined;
}

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

/**
 * Decodes a body sent to an endpoint of `expected` (group, version, kind). An envelope without
 * apiVersion or kind takes the endpoint's (protobuf.go copyKindDefaults).
 */
export function decodeProtobufBody(body: Buffer, expected: { group: string; version: string; kind: string }): DecodedObject {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ProtobufDecodeError(`provided data does not appear to be a protobuf message, expected prefix [${[...MAGIC].join(' ')}]`);
  }
  const unknownType = messages().lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  let envelope: { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Uint8Array };
  try {
    envelope = unknownType.decode(body.subarray(MAGIC.length)) as typeof envelope;
  } catch (err) {
    throw new ProtobufDecodeError(`proto: ${(err as Error).message}`);
  }
  const expectedApiVersion = expected.group === '' ? expected.version : `${expected.group}/${expected.version}`;
  const apiVersion = envelope.typeMeta?.apiVersion || expectedApiVersion;
  const kind = envelope.typeMeta?.kind || expected.kind;
  const version = apiVersion.split('/').pop() ?? '';
  if (apiVersion !== expectedApiVersion || kind !== expected.kind) {
    // The codec decodes the kind the envelope names, then cannot convert it into the endpoint's (runtime/codec.go).
    throw new ProtobufDecodeError(
      `converting (${version}.${kind}) to (${expected.group === '' ? 'core' : (expected.group.split('.')[0] ?? '')}.${expected.kind}): unknown conversion`,
      kind,
      version,
    );
  }
  const type = protobufMessage(expected.group, expected.version, kind);
  if (!type) throw new ProtobufDecodeError(`no protobuf message for ${apiVersion}, Kind=${kind}`, kind, version);
  let message: protobuf.Message;
  try {
    message = type.decode(envelope.raw ?? new Uint8Array());
  } catch (err) {
    throw new ProtobufDecodeError(`proto: ${(err as Error).message}`, kind, version);
  }
  return { apiVersion, kind, object: { apiVersion, kind, ...messageToJson(type, message as unknown as Record<string, unknown>) } };
}

const isZero = (v: unknown): boolean => v === '' || v === 0 || v === false;
const toNumber = (v: unknown): number => Number(String(v)); // int64 fields decode to Long objects
const base64 = (v: unknown): string => Buffer.from(v as Uint8Array).toString('base64');

/**
 * A decoded message as the Go struct's JSON: zero scalars left out unless the field is a
 * pointer or has no omitempty (`keepZero`), embedded structs flattened (`inline`), empty
 * lists and maps left out, []byte as base64,
 * and the apimachinery types in their JSON form (Time, IntOrString, FieldsV1).
 */
function messageToJson(type: protobuf.Type, message: Record<string, unknown>): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    if (!Object.hasOwn(message, field.name)) continue;
    const value = message[field.name];
    const keepZero = field.options?.['(keepZero)'] === true;
    const convert = (v: unknown): unknown => fieldValue(field, v);
    let converted: unknown;
    if (field instanceof protobuf.MapField) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) continue;
      converted = Object.fromEntries(entries.map(([k, v]) => [k, convert(v)]));
    } else if (field.repeated) {
      const items = value as unknown[];
      if (items.length === 0) continue;
      converted = items.map(convert);
    } else {
      converted = convert(value);
      if (converted === undefined || (!keepZero && isZero(converted))) continue;
    }
    // An embedded Go struct (`[(inline) = true]`: VolumeSource, ProbeHandler, LocalObjectReference…) shows its fields in its parent's JSON.
    if (field.options?.['(inline)'] === true && converted !== null && typeof converted === 'object') Object.assign(json, converted);
    else json[field.name] = converted;
  }
  return json;
}

function fieldValue(field: protobuf.FieldBase, value: unknown): unknown {
  const nested = field.resolvedType;
  if (nested instanceof protobuf.Type) {
    const m = value as Record<string, unknown>;
    switch (nested.fullName) {
      case '.k8s.io.apimachinery.pkg.apis.meta.v1.Time': {
        // metav1.Time: RFC 3339 in seconds; the zero time is left out (omitempty on a Time).
        const seconds = toNumber(m.seconds ?? 0);
        if (seconds === 0 && toNumber(m.nanos ?? 0) === 0) return undefined;
        return new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      }
      case '.k8s.io.apimachinery.pkg.api.resource.Quantity':
        // resource.Quantity marshals as its string.
        return m.string ?? '';
      case '.k8s.io.apimachinery.pkg.util.intstr.IntOrString':
        return toNumber(m.type ?? 0) === 1 ? (m.strVal ?? '') : toNumber(m.intVal ?? 0);
      case '.k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1':
        return JSON.parse(Buffer.from((m.Raw as Uint8Array | undefined) ?? new Uint8Array()).toString('utf8') || '{}') as unknown;
      case '.k8s.io.api.authorization.v1.ExtraValue':
        return m.items ?? [];
      default:
        return messageToJson(nested, m);
    }
  }
  if (field.type === 'bytes') return base64(value);
  if (field.type === 'int64' || field.type === 'uint64' || field.type === 'sint64') return toNumber(value);
  return value;
}
