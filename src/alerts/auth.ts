import { timingSafeEqual } from 'node:crypto';

/** What an alert sender must present: a bearer token, or basic auth, as `http_config` sends them. */
export interface AlertCredentials {
  bearerToken?: string | undefined;
  basicAuth?: { username: string; password: string } | undefined;
}

export function hasCredentials(credentials: AlertCredentials): boolean {
  return credentials.bearerToken !== undefined || credentials.basicAuth !== undefined;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** True when the Authorization header carries one of the configured credentials. */
export function isAuthorized(header: string | undefined, credentials: AlertCredentials): boolean {
  if (header === undefined) return false;
  const [scheme, value] = header.split(/\s+/, 2);
  if (value === undefined || scheme === undefined) return false;
  if (scheme.toLowerCase() === 'bearer' && credentials.bearerToken !== undefined) {
    return safeEqual(value, credentials.bearerToken);
  }
  if (scheme.toLowerCase() === 'basic' && credentials.basicAuth !== undefined) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const okUser = safeEqual(decoded.slice(0, colon), credentials.basicAuth.username);
    const okPassword = safeEqual(decoded.slice(colon + 1), credentials.basicAuth.password);
    return okUser && okPassword;
  }
  return false;
}
