import type { CrdObject } from '../kube/resources.js';

/**
 * cert-manager's CRDs (cert-manager.io/v1), as its release manifest `cert-manager.crds.yaml`
 * installs them: the same names, scopes, short names and printer columns, with the schema cut
 * down to the fields the sandbox's controller acts on (cert-manager/cert-manager
 * `pkg/apis/certmanager/v1/types_certificate.go`, `types_issuer.go`,
 * `types_certificaterequest.go`). Unknown fields are kept, as `x-kubernetes-preserve-unknown-fields`
 * keeps them on the parts the sandbox does not model.
 */

export const CERT_MANAGER_GROUP = 'cert-manager.io';

const string = { type: 'string' } as const;
const strings = { type: 'array', items: string } as const;
const conditions = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      type: string,
      status: string,
      reason: string,
      message: string,
      lastTransitionTime: { type: 'string', format: 'date-time' },
      observedGeneration: { type: 'integer' },
    },
  },
} as const;
const issuerRef = { type: 'object', properties: { name: string, kind: string, group: string } } as const;

const readyColumn = { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' };
const statusColumn = { name: 'Status', type: 'string', priority: 1, jsonPath: '.status.conditions[?(@.type=="Ready")].message' };
const ageColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
};

function crd(kind: string, plural: string, shortNames: string[], scope: 'Namespaced' | 'Cluster', spec: object, status: object, columns: object[]): CrdObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${CERT_MANAGER_GROUP}`, labels: { app: 'cert-manager', 'app.kubernetes.io/name': 'cert-manager' } },
    spec: {
      group: CERT_MANAGER_GROUP,
      scope,
      names: { kind, plural, singular: kind.toLowerCase(), shortNames, categories: ['cert-manager'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: columns,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              required: ['spec'],
              properties: {
                apiVersion: string,
                kind: string,
                metadata: { type: 'object' },
                spec: { ...spec, 'x-kubernetes-preserve-unknown-fields': true },
                status: { ...status, 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  } as CrdObject;
}

const issuerSpec = {
  type: 'object',
  properties: {
    selfSigned: { type: 'object', properties: { crlDistributionPoints: strings } },
    ca: { type: 'object', required: ['secretName'], properties: { secretName: string, crlDistributionPoints: strings } },
  },
};
const issuerStatus = { type: 'object', properties: { conditions } };
const issuerColumns = [readyColumn, statusColumn, ageColumn];

/** The four CRDs a cert-manager install brings that the sandbox's controller serves (ACME's Orders and Challenges are left out). */
export function certManagerCrds(): CrdObject[] {
  return [
    crd(
      'Certificate',
      'certificates',
      ['cert', 'certs'],
      'Namespaced',
      {
        type: 'object',
        required: ['issuerRef', 'secretName'],
        properties: {
          secretName: string,
          commonName: string,
          dnsNames: strings,
          ipAddresses: strings,
          uris: strings,
          isCA: { type: 'boolean' },
          usages: strings,
          duration: string,
          renewBefore: string,
          issuerRef,
          privateKey: {
            type: 'object',
            properties: { algorithm: string, size: { type: 'integer' }, encoding: string, rotationPolicy: string },
          },
          secretTemplate: {
            type: 'object',
            properties: { labels: { type: 'object', additionalProperties: string }, annotations: { type: 'object', additionalProperties: string } },
          },
        },
      },
      {
        type: 'object',
        properties: {
          conditions,
          notBefore: { type: 'string', format: 'date-time' },
          notAfter: { type: 'string', format: 'date-time' },
          renewalTime: { type: 'string', format: 'date-time' },
          revision: { type: 'integer' },
        },
      },
      [
        readyColumn,
        { name: 'Secret', type: 'string', jsonPath: '.spec.secretName' },
        { name: 'Issuer', type: 'string', priority: 1, jsonPath: '.spec.issuerRef.name' },
        statusColumn,
        ageColumn,
      ],
    ),
    crd(
      'CertificateRequest',
      'certificaterequests',
      ['cr', 'crs'],
      'Namespaced',
      {
        type: 'object',
        required: ['issuerRef', 'request'],
        properties: { request: string, issuerRef, isCA: { type: 'boolean' }, usages: strings, duration: string },
      },
      { type: 'object', properties: { conditions, certificate: string, ca: string } },
      [
        { name: 'Approved', type: 'string', jsonPath: '.status.conditions[?(@.type=="Approved")].status' },
        { name: 'Denied', type: 'string', jsonPath: '.status.conditions[?(@.type=="Denied")].status' },
        readyColumn,
        { name: 'Issuer', type: 'string', jsonPath: '.spec.issuerRef.name' },
        statusColumn,
        ageColumn,
      ],
    ),
    crd('Issuer', 'issuers', [], 'Namespaced', issuerSpec, issuerStatus, issuerColumns),
    crd('ClusterIssuer', 'clusterissuers', [], 'Cluster', issuerSpec, issuerStatus, issuerColumns),
  ];
}
