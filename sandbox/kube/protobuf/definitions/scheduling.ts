// k8s.io/api scheduling/v1/generated.proto: the messages the sandbox decodes (see ../messages.ts). Data, not code.
export const SCHEDULING_V1 = `
syntax = "proto2";
package k8s.io.api.scheduling.v1;
message PriorityClass {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional int32 value = 2 [(keepZero) = true];
  optional bool globalDefault = 3;
  optional string description = 4;
  optional string preemptionPolicy = 5 [(keepZero) = true];
}
`;
