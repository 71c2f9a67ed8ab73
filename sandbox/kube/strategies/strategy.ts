import type { StatusCause } from '../errors.js';
import type { StoredObject } from '../store.js';

/**
 * What a built-in kind's registry adds to the generic store (the apiserver's per-kind
 * `strategy.go` and the versioned `defaults.go`): defaults set on every write, and the kind's
 * own validation after ObjectMeta's.
 */
export interface KindStrategy {
  defaults?(object: StoredObject): void;
  validate?(object: StoredObject, previous: StoredObject | undefined): StatusCause[];
}
