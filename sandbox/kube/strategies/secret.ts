import { fieldForbidden, fieldInvalid, fieldRequired, type StatusCause } from '../errors.js';
import type { StoredObject } from '../store.js';
import type { KindStrategy } from './strategy.js';

/** Secrets as kubernetes pkg/apis/core/validation/validation.go ValidateSecret and ValidateSecretUpdate check them. */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MESSAGE =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** The keys each type needs in data (the constants of core/types.go). */
function typeProblems(object: StoredObject, data: Record<string, string>): StatusCause[] {
  const has = (key: string): boolean => Object.hasOwn(data, key);
  const json = (key: string): StatusCause[] => {
    if (!has(key)) return [fieldRequired(`data[${key}]`)];
    try {
      JSON.parse(Buffer.from(data[key] ?? '', 'base64').toString('utf8'));
      return [];
    } catch {
      // The value is never shown (validation.go redacts it); the detail is Go's json error, which we only approximate.
      return [fieldInvalid(`data[${key}]`, '<secret contents redacted>', 'invalid character looking for beginning of value')];
    }
  };
  switch (object.type) {
    case 'kubernetes.io/service-account-token':
      return (object.metadata.annotations?.['kubernetes.io/service-account.name'] ?? '') === ''
        ? [fieldRequired('metadata.annotations[kubernetes.io/service-account.name]')]
        : [];
    case 'kubernetes.io/dockercfg':
      return json('.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return json('.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      return !has('username') && !has('password') ? [fieldRequired('data[username]'), fieldRequired('data[password]')] : [];
    case 'kubernetes.io/ssh-auth':
      return (data['ssh-privatekey'] ?? '') === '' ? [fieldRequired('data[ssh-privatekey]')] : [];
    case 'kubernetes.io/tls':
      return [...(has('tls.crt') ? [] : [fieldRequired('data[tls.crt]')]), ...(has('tls.key') ? [] : [fieldRequired('data[tls.key]')])];
    default:
      return [];
  }
}

function validate(object: StoredObject, previous: StoredObject | undefined): StatusCause[] {
  const data = (object.data ?? {}) as Record<string, string>;
  const causes: StatusCause[] = Object.keys(data)
    .filter((key) => !CONFIG_KEY.test(key))
    .map((key) => fieldInvalid(`data[${key}]`, key, CONFIG_KEY_MESSAGE));
  causes.push(...typeProblems(object, data));
  if (previous) {
    if (previous.type !== object.type) causes.push(fieldInvalid('type', object.type, 'field is immutable'));
    if (previous.immutable === true && JSON.stringify(previous.data ?? {}) !== JSON.stringify(object.data ?? {})) {
      causes.push(fieldForbidden('data', 'field is immutable when `immutable` is set'));
    }
  }
  return causes;
}

/** core/v1 conversion: stringData is written over data, then dropped (it is write-only). */
function defaults(object: StoredObject): void {
  const stringData = object.stringData as Record<string, string> | undefined;
  if (stringData === undefined) return;
  const data = (object.data ?? {}) as Record<string, string>;
  for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(value, 'utf8').toString('base64');
  object.data = data;
  delete object.stringData;
}

export const SECRET: KindStrategy = { defaults, validate };
