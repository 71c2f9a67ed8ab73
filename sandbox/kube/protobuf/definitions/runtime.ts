// k8s.io/apimachinery pkg/runtime/generated.proto: the messages the sandbox decodes (see ../messages.ts). Data, not code.
export const RUNTIME = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.runtime;
message TypeMeta {
  optional string apiVersion = 1;
  optional string kind = 2;
}
message Unknown {
  optional TypeMeta typeMeta = 1 [(inline) = true];
  optional bytes raw = 2 [(keepZero) = true];
  optional string contentEncoding = 3 [(keepZero) = true];
  optional string contentType = 4 [(keepZero) = true];
}
`;
