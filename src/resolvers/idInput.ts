import { namespacedKeyOf } from '../domain/globalId.js';
import type { ClusterKey } from '../domain/labels.js';
import { UserErrorCode, type UserError } from '../schema/userError.js';

/** The namespace and name a mutation input's id of `type` stands for, or a userError on `input.<field>`. */
export function idInput(id: string, type: 'KafkaCluster' | 'Operation', field: string): ClusterKey | UserError {
  const key = namespacedKeyOf(id, type);
  if (key === undefined) return { field: ['input', field], message: `${JSON.stringify(id)} is not the id of a ${type}`, code: UserErrorCode.INVALID_INPUT };
  return key;
}
