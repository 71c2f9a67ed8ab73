import { APPS_V1 } from './definitions/apps.js';
import { AUTHENTICATION_V1 } from './definitions/authentication.js';
import { AUTHORIZATION_V1 } from './definitions/authorization.js';
import { BATCH_V1 } from './definitions/batch.js';
import { CORE_V1 } from './definitions/core.js';
import { INTSTR } from './definitions/intstr.js';
import { META_V1 } from './definitions/meta.js';
import { NETWORKING_V1 } from './definitions/networking.js';
import { POLICY_V1 } from './definitions/policy.js';
import { RBAC_V1 } from './definitions/rbac.js';
import { RESOURCE } from './definitions/resource.js';
import { RUNTIME } from './definitions/runtime.js';
import { SCHEDULING_V1 } from './definitions/scheduling.js';
import { SCHEDULING_V1ALPHA3 } from './definitions/schedulingAlpha.js';

/**
 * The protobuf messages the sandbox decodes, extracted from the upstream `generated.proto`
 * files (kubernetes/api master at 10b39a39, kubernetes/apimachinery master at eed236ce, Jul
 * 2026) with their comments left out: the messages reachable from the kinds kubectl sends as
 * protobuf (`kubectl create configmap|secret|namespace|serviceaccount|service|quota|role|
 * rolebinding|clusterrole|clusterrolebinding|deployment|job|cronjob|poddisruptionbudget|
 * priorityclass|ingress`, `kubectl auth can-i|whoami`) and the other kinds the sandbox serves
 * that a Go client may send so (Pod, PersistentVolumeClaim, ReplicaSet). Field numbers never
 * change upstream.
 *
 * `[(keepZero) = true]` marks a scalar field that is a Go pointer, or has no `omitempty` (read
 * from the same packages' types.go): a zero value sent on the wire still shows in the object's
 * JSON. Every other scalar is a non-pointer Go field that gogo-protobuf always encodes, whose
 * zero value JSON leaves out (omitempty). `[(inline) = true]` marks an embedded Go struct, whose
 * fields JSON shows in the parent's object.
 */
export const PROTO_FILES: readonly string[] = [
  RUNTIME,
  INTSTR,
  RESOURCE,
  META_V1,
  CORE_V1,
  SCHEDULING_V1ALPHA3,
  RBAC_V1,
  APPS_V1,
  BATCH_V1,
  POLICY_V1,
  SCHEDULING_V1,
  NETWORKING_V1,
  AUTHENTICATION_V1,
  AUTHORIZATION_V1,
];
