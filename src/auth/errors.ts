import { GraphQLError } from 'graphql';
import type { ResourceCheck } from './permissions.js';

/** No token, or one the API server does not accept. */
export function unauthenticated(message = 'a bearer token the Kubernetes API server accepts is required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Refused by a SubjectAccessReview: names what was missing, as the API server's own 403 does. */
export function forbidden(caller: string, check: ResourceCheck): GraphQLError {
  const where = check.namespace ? ` in the namespace "${check.namespace}"` : ' at the cluster scope';
  const object = check.name ? ` "${check.name}"` : '';
  return new GraphQLError(`${caller} may not ${check.verb} ${check.resource}.${check.group}${object}${where}`, {
    extensions: {
      code: 'FORBIDDEN',
      permission: { verb: check.verb, group: check.group, resource: check.resource, namespace: check.namespace ?? null, name: check.name ?? null },
    },
  });
}
