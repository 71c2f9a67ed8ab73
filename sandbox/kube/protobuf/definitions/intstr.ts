// k8s.io/apimachinery pkg/util/intstr/generated.proto: the messages the sandbox decodes (see ../messages.ts). Data, not code.
export const INTSTR = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.util.intstr;
message IntOrString {
  optional int64 type = 1 [(keepZero) = true];
  optional int32 intVal = 2 [(keepZero) = true];
  optional string strVal = 3 [(keepZero) = true];
}
`;
