// k8s.io/apimachinery pkg/apis/meta/v1/generated.proto: the messages the sandbox decodes (see ../messages.ts). Data, not code.
export const META_V1 = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.apis.meta.v1;
message Condition {
  optional string type = 1 [(keepZero) = true];
  optional string status = 2 [(keepZero) = true];
  optional int64 observedGeneration = 3;
  optional Time lastTransitionTime = 4;
  optional string reason = 5 [(keepZero) = true];
  optional string message = 6 [(keepZero) = true];
}
message FieldSelectorRequirement {
  optional string key = 1 [(keepZero) = true];
  optional string operator = 2 [(keepZero) = true];
  repeated string values = 3;
}
message FieldsV1 {
  optional bytes Raw = 1;
}
message LabelSelector {
  map<string, string> matchLabels = 1;
  repeated LabelSelectorRequirement matchExpressions = 2;
}
message LabelSelectorRequirement {
  optional string key = 1 [(keepZero) = true];
  optional string operator = 2 [(keepZero) = true];
  repeated string values = 3;
}
message ManagedFieldsEntry {
  optional string manager = 1;
  optional string operation = 2;
  optional string apiVersion = 3;
  optional Time time = 4;
  optional string fieldsType = 6;
  optional FieldsV1 fieldsV1 = 7;
  optional string subresource = 8;
}
message ObjectMeta {
  optional string name = 1;
  optional string generateName = 2;
  optional string namespace = 3;
  optional string selfLink = 4;
  optional string uid = 5;
  optional string resourceVersion = 6;
  optional int64 generation = 7;
  optional Time creationTimestamp = 8;
  optional Time deletionTimestamp = 9;
  optional int64 deletionGracePeriodSeconds = 10 [(keepZero) = true];
  map<string, string> labels = 11;
  map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13;
  repeated string finalizers = 14;
  repeated ManagedFieldsEntry managedFields = 17;
}
message OwnerReference {
  optional string apiVersion = 5 [(keepZero) = true];
  optional string kind = 1 [(keepZero) = true];
  optional string name = 3 [(keepZero) = true];
  optional string uid = 4 [(keepZero) = true];
  optional bool controller = 6 [(keepZero) = true];
  optional bool blockOwnerDeletion = 7 [(keepZero) = true];
}
message Time {
  optional int64 seconds = 1;
  optional int32 nanos = 2;
}
`;
