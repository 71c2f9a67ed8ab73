/**
 * Kubernetes Status errors with the codes, reasons and messages of the real API server
 * (kubernetes/apimachinery pkg/api/errors/errors.go).
 */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number },
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      // StatusReasonUnknown is the empty reason, left out of the JSON (errors.go ErrorToAPIStatus).
      ...(this.reason !== '' ? { reason: this.reason } : {}),
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** What errors name an object by: its resource plural and group (`pods`, `kafkaclusters.kafka.banzaicloud.io`). */
export interface GroupResource {
  group: string;
  plural: string;
}

const qualified = (r: GroupResource): string => (r.group === '' ? r.plural : `${r.plural}.${r.group}`);
const detailsOf = (r: GroupResource, name: string) => ({ name, ...(r.group !== '' ? { group: r.group } : {}), kind: r.plural });

export const notFound = (r: GroupResource, name: string): ApiError => new ApiError(404, 'NotFound', `${qualified(r)} "${name}" not found`, detailsOf(r, name));

export const alreadyExists = (r: GroupResource, name: string, beingDeleted = false): ApiError =>
  new ApiError(409, 'AlreadyExists', `${beingDeleted ? 'object is being deleted: ' : ''}${qualified(r)} "${name}" already exists`, detailsOf(r, name));

export const conflict = (r: GroupResource, name: string): ApiError =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    detailsOf(r, name),
  );

/** 422 Invalid: `Pod "x" is invalid: field: Type: detail`, with one cause per problem. */
export function invalid(kind: string, r: GroupResource, name: string, causes: StatusCause[]): ApiError {
  // A cause's message is the error without its field (field.Error ErrorBody); the message names both.
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  // errors.NewInvalid names the GroupKind: `Lease.coordination.k8s.io "x" is invalid`.
  const subject = r.group === '' ? kind : `${kind}.${r.group}`;
  return new ApiError(422, 'Invalid', `${subject} "${name}" is invalid: ${causes.length > 1 ? `[${text}]` : text}`, {
    name,
    ...(r.group !== '' ? { group: r.group } : {}),
    kind,
    causes,
  });
}

/**
 * A validating admission webhook's refusal, as apiserver's webhookerrors.ToStatusErr makes it: the
 * webhook quoted, its code kept (at least 400). controller-runtime's admission.Denied answers 403
 * Forbidden, its admission.Errored the code it is given with no reason.
 */
export const webhookDenied = (webhook: string, code: number, message: string): ApiError =>
  new ApiError(Math.max(400, code), code === 403 ? 'Forbidden' : '', `admission webhook "${webhook}" denied the request: ${message}`);

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);
export const methodNotAllowed = (): ApiError => new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
export const expired = (message: string): ApiError => new ApiError(410, 'Expired', message);
export const unsupportedMediaType = (accepted: string[]): ApiError =>
  new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);

/** A field problem as validation reports it: the cause `Invalid value: "X": detail` on field `metadata.name`. */
export function fieldInvalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` };
}
export function fieldRequired(field: string, detail = ''): StatusCause {
  return { reason: 'FieldValueRequired', field, message: `Required value${detail ? `: ${detail}` : ''}` };
}
export function fieldForbidden(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` };
}
/** field.NotSupported: `Unsupported value: "X": supported values: "a", "b"`. */
export function fieldNotSupported(field: string, value: unknown, supported: string[]): StatusCause {
  return {
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  };
}
