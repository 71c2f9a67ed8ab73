// k8s.io/apimachinery pkg/api/resource/generated.proto: the messages the sandbox decodes (see ../messages.ts). Data, not code.
export const RESOURCE = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.api.resource;
message Quantity {
  optional string string = 1;
}
`;
