/**
 * The protobuf messages the sandbox decodes, written by hand from the field numbers of the
 * upstream `generated.proto` files (kubernetes/api master at 10b39a39, Jul 2026:
 * core/v1, authentication/v1, authorization/v1; kubernetes/apimachinery master at eed236ce:
 * pkg/runtime, pkg/apis/meta/v1, pkg/util/intstr). Only the kinds kubectl creates with
 * protobuf bodies (`kubectl create configmap|secret|namespace|serviceaccount|service`,
 * `kubectl auth can-i|whoami`) and what they contain; field numbers never change upstream.
 *
 * `[(keepZero) = true]` marks a Go pointer field, or one without `omitempty`: a zero value
 * sent on the wire still shows in the object's JSON. Every other scalar is a non-pointer Go
 * field that gogo-protobuf always encodes, whose zero value JSON leaves out (omitempty).
 */
export const PROTO_FILES: readonly string[] = [
  // k8s.io/apimachinery/pkg/runtime/generated.proto
  `syntax = "proto2";
  package k8s.io.apimachinery.pkg.runtime;
  message Unknown {
    optional TypeMeta typeMeta = 1;
    optional bytes raw = 2;
    optional string contentEncoding = 3;
    optional string contentType = 4;
  }
  message TypeMeta {
    optional string apiVersion = 1;
    optional string kind = 2;
  }`,
  // k8s.io/apimachinery/pkg/util/intstr/generated.proto
  `syntax = "proto2";
  package k8s.io.apimachinery.pkg.util.intstr;
  message IntOrString {
    optional int64 type = 1;
    optional int32 intVal = 2;
    optional string strVal = 3;
  }`,
  // k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto
  `syntax = "proto2";
  package k8s.io.apimachinery.pkg.apis.meta.v1;
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
  message ManagedFieldsEntry {
    optional string manager = 1;
    optional string operation = 2;
    optional string apiVersion = 3;
    optional Time time = 4;
    optional string fieldsType = 6;
    optional FieldsV1 fieldsV1 = 7;
    optional string subresource = 8;
  }
  message FieldsV1 {
    optional bytes Raw = 1;
  }
  message LabelSelectorRequirement {
    optional string key = 1 [(keepZero) = true];
    optional string operator = 2 [(keepZero) = true];
    repeated string values = 3;
  }
  message FieldSelectorRequirement {
    optional string key = 1 [(keepZero) = true];
    optional string operator = 2 [(keepZero) = true];
    repeated string values = 3;
  }`,
  // k8s.io/api/core/v1/generated.proto
  `syntax = "proto2";
  package k8s.io.api.core.v1;
  message ConfigMap {
    optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
    optional bool immutable = 4 [(keepZero) = true];
    map<string, string> data = 2;
    map<string, bytes> binaryData = 3;
  }
  message Secret {
    optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
    optional bool immutable = 5 [(keepZero) = true];
    map<string, bytes> data = 2;
    map<string, string> stringData = 4;
    optional string type = 3;
  }
  message Namespace {
    optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
    optional NamespaceSpec spec = 2;
    optional NamespaceStatus status = 3;
  }
  message NamespaceSpec {
    repeated string finalizers = 1;
  }
  message NamespaceStatus {
    optional string phase = 1;
    repeated NamespaceCondition conditions = 2;
  }
  message NamespaceCondition {
    optional string type = 1 [(keepZero) = true];
    optional string status = 2 [(keepZero) = true];
    optional k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 4;
    optional string reason = 5;
    optional string message = 6;
  }
  message ServiceAccount {
    optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
    repeated ObjectReference secrets = 2;
    repeated LocalObjectReference imagePullSecrets = 3;
    optional bool automountServiceAccountToken = 4 [(keepZero) = true];
  }
  message ObjectReference {
    optional string kind = 1;
    optional string namespace = 2;
    optional string name = 3;
    optional string uid = 4;
    optional string apiVersion = 5;
    optional string resourceVersion = 6;
    optional string fieldPath = 7;
  }
  message LocalObjectReference {
    optional string name = 1;
  }
  message Service {
    optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
    optional ServiceSpec spec = 2;
  }
  message ServiceSpec {
    repeated ServicePort ports = 1;
    map<string, string> selector = 2;
    optional string clusterIP = 3;
    repeated string clusterIPs = 18;
    optional string type = 4;
    repeated string externalIPs = 5;
    optional string sessionAffinity = 7;
    optional string loadBalancerIP = 8;
    repeated string loadBalancerSourceRanges = 9;
    optional string externalName = 10;
    optional string externalTrafficPolicy = 11;
    optional int32 healthCheckNodePort = 12;
    optional bool publishNotReadyAddresses = 13;
    optional SessionAffinityConfig sessionAffinityConfig = 14;
    repeated string ipFamilies = 19;
    optional string ipFamilyPolicy = 17 [(keepZero) = true];
    optional bool allocateLoadBalancerNodePorts = 20 [(keepZero) = true];
    optional string loadBalancerClass = 21 [(keepZero) = true];
    optional string internalTrafficPolicy = 22 [(keepZero) = true];
    optional string trafficDistribution = 23 [(keepZero) = true];
  }
  message ServicePort {
    optional string name = 1;
    optional string protocol = 2;
    optional string appProtocol = 6 [(keepZero) = true];
    optional int32 port = 3 [(keepZero) = true];
    optional k8s.io.apimachinery.pkg.util.intstr.IntOrString targetPort = 4;
    optional int32 nodePort = 5;
  }
  message SessionAffinityConfig {
    optional ClientIPConfig clientIP = 1;
  }
  message ClientIPConfig {
    optional int32 timeoutSeconds = 1 [(keepZero) = true];
  }`,
  // k8s.io/api/authentication/v1/generated.proto
  `syntax = "proto2";
  package k8s.io.api.authentication.v1;
  message TokenReview {
    optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
    optional TokenReviewSpec spec = 2;
  }
  message TokenReviewSpec {
    optional string token = 1;
    repeated string audiences = 2;
  }
  message SelfSubjectReview {
    optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  }`,
  // k8s.io/api/authorization/v1/generated.proto
  `syntax = "proto2";
  package k8s.io.api.authorization.v1;
  message SubjectAccessReview {
    optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
    optional SubjectAccessReviewSpec spec = 2;
  }
  message SubjectAccessReviewSpec {
    optional ResourceAttributes resourceAttributes = 1;
    optional NonResourceAttributes nonResourceAttributes = 2;
    optional string user = 3;
    repeated string groups = 4;
    map<string, ExtraValue> extra = 5;
    optional string uid = 6;
  }
  message SelfSubjectAccessReview {
    optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
    optional SelfSubjectAccessReviewSpec spec = 2;
  }
  message SelfSubjectAccessReviewSpec {
    optional ResourceAttributes resourceAttributes = 1;
    optional NonResourceAttributes nonResourceAttributes = 2;
  }
  message SelfSubjectRulesReview {
    optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
    optional SelfSubjectRulesReviewSpec spec = 2;
  }
  message SelfSubjectRulesReviewSpec {
    optional string namespace = 1;
  }
  message ResourceAttributes {
    optional string namespace = 1;
    optional string verb = 2;
    optional string group = 3;
    optional string version = 4;
    optional string resource = 5;
    optional string subresource = 6;
    optional string name = 7;
    optional FieldSelectorAttributes fieldSelector = 8;
    optional LabelSelectorAttributes labelSelector = 9;
  }
  message NonResourceAttributes {
    optional string path = 1;
    optional string verb = 2;
  }
  message FieldSelectorAttributes {
    optional string rawSelector = 1;
    repeated k8s.io.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement requirements = 2;
  }
  message LabelSelectorAttributes {
    optional string rawSelector = 1;
    repeated k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement requirements = 2;
  }
  message ExtraValue {
    repeated string items = 1;
  }`,
];
