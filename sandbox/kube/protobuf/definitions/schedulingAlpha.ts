// k8s.io/api scheduling/v1alpha3/generated.proto (the Pod spec refers to it): the messages the sandbox decodes (see ../messages.ts). Data, not code.
export const SCHEDULING_V1ALPHA3 = `
syntax = "proto2";
package k8s.io.api.scheduling.v1alpha3;
message TopologyConstraint {
  optional string key = 1 [(keepZero) = true];
}
message WorkloadPodGroupAllDisruptionMode {
}
message WorkloadPodGroupBasicSchedulingPolicy {
}
message WorkloadPodGroupDisruptionMode {
  optional WorkloadPodGroupSingleDisruptionMode single = 1;
  optional WorkloadPodGroupAllDisruptionMode all = 2;
}
message WorkloadPodGroupGangSchedulingPolicy {
  optional int32 minCount = 1 [(keepZero) = true];
}
message WorkloadPodGroupResourceClaim {
  optional string name = 1 [(keepZero) = true];
  optional string resourceClaimName = 2 [(keepZero) = true];
  optional string resourceClaimTemplateName = 3 [(keepZero) = true];
}
message WorkloadPodGroupSchedulingConstraints {
  repeated TopologyConstraint topology = 1;
}
message WorkloadPodGroupSchedulingPolicy {
  optional WorkloadPodGroupBasicSchedulingPolicy basic = 1;
  optional WorkloadPodGroupGangSchedulingPolicy gang = 2;
}
message WorkloadPodGroupSingleDisruptionMode {
}
`;
