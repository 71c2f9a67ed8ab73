/**
 * Cruise Control's web server security as `webserver.security.enable=true` with the default
 * `BasicSecurityProvider` sets it up (linkedin/cruise-control `servlet/security/BasicSecurityProvider.java`,
 * `DefaultRoleSecurityProvider.java`, `CruiseControlSecurityHandler.java`): Jetty's
 * `ConstraintSecurityHandler` in front of the servlet, HTTP Basic against a `HashLoginService`
 * named `DefaultLoginService` that reads `webserver.auth.credentials.file`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { getProperties } from 'properties-file';

export type Role = 'VIEWER' | 'USER' | 'ADMIN';

interface User {
  /** As written after the colon: plain text, or `MD5:<hex>` (Jetty's `Credential`). */
  readonly credential: string;
  readonly roles: ReadonlySet<string>;
}

/** The realm BasicSecurityProvider names its HashLoginService with, which Jetty's challenge carries. */
export const REALM = 'DefaultLoginService';

/**
 * Every endpoint of `CruiseControlEndPoint`, modelled or not: each gets a constraint, so an
 * endpoint the simulator does not serve still asks for credentials before its 404.
 */
const VIEWER_GETS = ['kafka_cluster_state', 'user_tasks', 'review_board'];
const ADMIN_GETS = ['bootstrap', 'train'];
const USER_GETS = ['load', 'partition_load', 'proposals', 'state', 'permissions'];
const POSTS = [
  'add_broker',
  'remove_broker',
  'fix_offline_replicas',
  'rebalance',
  'stop_proposal_execution',
  'pause_sampling',
  'resume_sampling',
  'demote_broker',
  'admin',
  'review',
  'topic_configuration',
  'rightsize',
  'remove_disks',
];

/** The roles each endpoint's constraint allows (DefaultRoleSecurityProvider.constraintMappings). */
const ALLOWED: ReadonlyMap<string, readonly Role[]> = new Map<string, readonly Role[]>([
  ...VIEWER_GETS.map((e): [string, Role[]] => [e, ['VIEWER', 'USER', 'ADMIN']]),
  ...ADMIN_GETS.map((e): [string, Role[]] => [e, ['ADMIN']]),
  ...USER_GETS.map((e): [string, Role[]] => [e, ['USER', 'ADMIN']]),
  ...POSTS.map((e): [string, Role[]] => [e, ['ADMIN']]),
]);

/**
 * The users of a credentials file in Jetty's `PropertyUserStore` format: a Java properties file
 * of `username: password[,role ...]` (the Cruise Control wiki's "Security" page).
 */
export function parseCredentialsFile(text: string): ReadonlyMap<string, User> {
  const users = new Map<string, User>();
  for (const [name, value] of Object.entries(getProperties(text))) {
    const username = name.trim();
    if (username === '') continue;
    const [credential = '', ...roles] = value.split(',').map((part) => part.trim());
    users.set(username, { credential, roles: new Set(roles.filter((r) => r !== '')) });
  }
  return users;
}

export type SecurityRefusal = { readonly status: 401 } | { readonly status: 403 };

/** Jetty's security handler in front of the servlet: a refusal, or undefined to let the request through. */
export class BasicSecurity {
  constructor(
    private readonly users: ReadonlyMap<string, User>,
    private readonly urlPrefix: string,
  ) {}

  check(pathname: string, authorization: string | undefined): SecurityRefusal | undefined {
    // CruiseControlSecurityHandler lowercases the path before the constraints (exact path specs) match it.
    const path = pathname.toLowerCase();
    const prefix = `/${this.urlPrefix.toLowerCase()}/`;
    const allowed = path.startsWith(prefix) ? ALLOWED.get(path.slice(prefix.length)) : undefined;
    // No constraint maps the path: Jetty lets it through unauthenticated (the servlet's 404).
    if (allowed === undefined) return undefined;
    const user = this.authenticate(authorization);
    if (user === undefined) return { status: 401 };
    return allowed.some((role) => user.roles.has(role)) ? undefined : { status: 403 };
  }

  /** BasicAuthenticator: `Basic base64(user:password)`, checked by the login service. */
  private authenticate(header: string | undefined): User | undefined {
    const match = /^basic\s+(\S+)$/i.exec(header?.trim() ?? '');
    if (match?.[1] === undefined) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = this.users.get(decoded.slice(0, colon));
    return user !== undefined && credentialMatches(user.credential, decoded.slice(colon + 1)) ? user : undefined;
  }
}

/**
 * Jetty's `Credential.getCredential`: `MD5:` holds the hex MD5 of the password, anything else
 * is the password itself. `OBF:` and `CRYPT:` credentials are not modelled: such a user is refused.
 */
function credentialMatches(credential: string, password: string): boolean {
  if (credential.startsWith('OBF:') || credential.startsWith('CRYPT:')) return false;
  const expected = credential.startsWith('MD5:') ? credential.slice(4).toLowerCase() : credential;
  const given = credential.startsWith('MD5:') ? createHash('md5').update(password, 'utf8').digest('hex') : password;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Jetty 9.4's error page for a refusal (`ErrorHandler.writeErrorPage`): 401 after
 * `BasicAuthenticator` sent its challenge, 403 with the message `!role` from `SecurityHandler.handle`.
 */
export function securityErrorPage(status: 401 | 403, uri: string): string {
  const message = status === 401 ? 'Unauthorized' : '!role';
  const escaped = uri.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    '<html>',
    '<head>',
    '<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>',
    `<title>Error ${status} ${message}</title>`,
    '</head>',
    `<body><h2>HTTP ERROR ${status} ${message}</h2>`,
    '<table>',
    `<tr><th>URI:</th><td>${escaped}</td></tr>`,
    `<tr><th>STATUS:</th><td>${status}</td></tr>`,
    `<tr><th>MESSAGE:</th><td>${message}</td></tr>`,
    '<tr><th>SERVLET:</th><td>-</td></tr>',
    '</table>',
    '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
