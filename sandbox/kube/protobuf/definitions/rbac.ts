// k8s.io/api rbac/v1/generated.proto: the messages the sandbox decodes (see ../messages.ts). Data, not code.
export const RBAC_V1 = `
syntax = "proto2";
package k8s.io.api.rbac.v1;
message AggregationRule {
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector clusterRoleSelectors = 1;
}
message ClusterRole {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated PolicyRule rules = 2;
  optional AggregationRule aggregationRule = 3;
}
message ClusterRoleBinding {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated Subject subjects = 2;
  optional RoleRef roleRef = 3;
}
message PolicyRule {
  repeated string verbs = 1;
  repeated string apiGroups = 2;
  repeated string resources = 3;
  repeated string resourceNames = 4;
  repeated string nonResourceURLs = 5;
}
message Role {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated PolicyRule rules = 2;
}
message RoleBinding {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated Subject subjects = 2;
  optional RoleRef roleRef = 3;
}
message RoleRef {
  optional string apiGroup = 1 [(keepZero) = true];
  optional string kind = 2 [(keepZero) = true];
  optional string name = 3 [(keepZero) = true];
}
message Subject {
  optional string kind = 1 [(keepZero) = true];
  optional string apiGroup = 2;
  optional string name = 3 [(keepZero) = true];
  optional string namespace = 4;
}
`;
