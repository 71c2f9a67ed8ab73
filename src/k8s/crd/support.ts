/**
 * Which fields of a given KafkaCluster kafkaplane ignores (reported as an `UnsupportedField`
 * warning Event and condition) or refuses (the cluster is not reconciled), per the tables in
 * fieldSupport.ts; and `checkKafkaCluster`, the whole admission check in one call.
 */
import { z } from 'zod';
import {
  BROKER_CONFIG_FIELDS,
  CLUSTER_FIELDS,
  CRUISE_CONTROL_FIELDS,
  EXTERNAL_LISTENER_FIELDS,
  INTERNAL_LISTENER_FIELDS,
  LISTENERS_FIELDS,
  type FieldSupport,
} from './fieldSupport.js';
import {
  kafkaClusterSchema,
  type BrokerConfig,
  type ExternalListener,
  type InternalListener,
  type KafkaCluster,
  type KafkaClusterSpec,
} from './kafkaCluster.js';
import { validateKafkaClusterSpec, validateKafkaClusterUpdate, type SpecProblem } from './validation.js';

/** Reason of the warning Event and type of the condition that report ignored fields. */
export const UNSUPPORTED_FIELD = 'UnsupportedField';

export interface UnsupportedField {
  /** Field path as written in the manifest, e.g. `spec.brokerConfigGroups[default].log4jConfig`. */
  path: string;
  /** Why it has no effect. */
  note: string;
}

/** A value the user wrote: not absent, empty or false (those behave the same whether set or not). */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function fieldsWith(support: FieldSupport['support'], table: Record<string, FieldSupport>, object: object | undefined, prefix: string): UnsupportedField[] {
  if (object === undefined) return [];
  // A field the operator will act on, but does not yet, has no effect either: report it too.
  const matches = (entry: FieldSupport | undefined): boolean =>
    entry?.support === support || (support === 'ignored' && entry?.support === 'acted' && entry.implemented === false);
  return Object.entries(object)
    .filter(([key, value]) => matches(table[key]) && isSet(value))
    .map(([key]) => {
      const entry = table[key];
      const planned = entry?.support === 'acted' ? ' (planned: not in effect yet)' : '';
      return { path: `${prefix}.${key}`, note: `${entry?.note ?? ''}${planned}` };
    });
}

/** Every place a table applies in a spec: the spec, its listeners, Cruise Control config and broker configs. */
function scan(support: FieldSupport['support'], spec: KafkaClusterSpec): UnsupportedField[] {
  const brokerConfigs: [string, BrokerConfig | undefined][] = [
    ...Object.entries(spec.brokerConfigGroups ?? {}).map(([name, g]) => [`spec.brokerConfigGroups[${name}]`, g] as [string, BrokerConfig]),
    ...spec.brokers.map((b, i) => [`spec.brokers[${i}].brokerConfig`, b.brokerConfig] as [string, BrokerConfig | undefined]),
  ];
  return [
    ...fieldsWith(support, CLUSTER_FIELDS, spec, 'spec'),
    ...fieldsWith(support, LISTENERS_FIELDS, spec.listenersConfig, 'spec.listenersConfig'),
    ...spec.listenersConfig.internalListeners.flatMap((l, i) =>
      fieldsWith(support, INTERNAL_LISTENER_FIELDS, l, `spec.listenersConfig.internalListeners[${i}]`),
    ),
    ...(spec.listenersConfig.externalListeners ?? []).flatMap((l, i) =>
      fieldsWith(support, EXTERNAL_LISTENER_FIELDS, l, `spec.listenersConfig.externalListeners[${i}]`),
    ),
    ...fieldsWith(support, CRUISE_CONTROL_FIELDS, spec.cruiseControlConfig, 'spec.cruiseControlConfig'),
    ...brokerConfigs.flatMap(([path, config]) => fieldsWith(support, BROKER_CONFIG_FIELDS, config, path)),
  ];
}

/** The fields of this spec that are accepted and kept but have no effect. */
export function unsupportedFields(spec: KafkaClusterSpec): UnsupportedField[] {
  return [...scan('ignored', spec), ...withEndpoint(spec)];
}

/** The fields of the Cruise Control kafkaplane deploys have no effect when the user runs their own (cruiseControlEndpoint set), as in Koperator. */
const OWN_CRUISE_CONTROL_FIELDS = new Set(['cruiseControlEndpoint', 'cruiseControlOperationSpec', 'cruiseControlTaskSpec']);
function withEndpoint(spec: KafkaClusterSpec): UnsupportedField[] {
  const cc = spec.cruiseControlConfig;
  if (cc.cruiseControlEndpoint === undefined || cc.cruiseControlEndpoint === '') return [];
  return Object.entries(cc)
    .filter(([key, value]) => !OWN_CRUISE_CONTROL_FIELDS.has(key) && value !== undefined)
    .map(([key]) => ({ path: `spec.cruiseControlConfig.${key}`, note: 'kafkaplane deploys no Cruise Control when cruiseControlEndpoint is set.' }));
}

/** The fields of this spec that kafkaplane refuses to run with; empty when it can reconcile the cluster. */
export function refusedFields(spec: KafkaClusterSpec): SpecProblem[] {
  const problems: SpecProblem[] = scan('refused', spec).map(({ path, note }) => ({
    path,
    code: 'RefusedField' as const,
    message: `${path} is not supported: ${note}`,
  }));
  if (!spec.kRaft) {
    problems.unshift({
      path: 'spec.kRaft',
      code: 'RefusedField',
      message:
        'ZooKeeper mode (spec.kRaft false or unset) is not supported: Kafka 4 runs only in KRaft mode. ' +
        'Set spec.kRaft: true and give every broker processRoles, or leave this cluster to Koperator (kafkaplane --reconcile=false).',
    });
  }
  const listeners = [
    ...spec.listenersConfig.internalListeners.map((l, i) => ({ listener: l, path: `spec.listenersConfig.internalListeners[${i}]` })),
    ...(spec.listenersConfig.externalListeners ?? []).map((l, i) => ({ listener: l, path: `spec.listenersConfig.externalListeners[${i}]` })),
  ];
  const sslSecrets = spec.listenersConfig.sslSecrets;
  const sslRefusal = sslSecrets !== undefined ? sslSecretsRefusal(sslSecrets) : undefined;
  if (sslRefusal !== undefined) {
    problems.push({ path: 'spec.listenersConfig.sslSecrets', code: 'RefusedField', message: `spec.listenersConfig.sslSecrets ${sslRefusal}` });
  }
  const issuing = sslSecrets !== undefined && sslRefusal === undefined;
  // The CA of a cert-manager issuer the user names (issuerRef) lives in a Secret kafkaplane cannot name.
  const issuerCaUnknown = sslSecrets?.pkiBackend === 'cert-manager' && sslSecrets.create !== true;
  for (const { listener, path } of listeners) {
    const refusal = listenerTypeRefusal(listener, issuing, (spec.clientSSLCertSecret?.name ?? '') !== '', issuerCaUnknown);
    if (refusal !== undefined) {
      problems.push({
        path: `${path}.type`,
        code: 'RefusedField',
        message: `${path}.type ${listener.type} (listener "${listener.name}") is not supported: ${refusal}`,
      });
    }
  }
  (spec.listenersConfig.externalListeners ?? []).forEach((listener, i) => {
    if (listener.accessMethod === 'ClusterIP') {
      problems.push({
        path: `spec.listenersConfig.externalListeners[${i}].accessMethod`,
        code: 'RefusedField',
        message:
          `spec.listenersConfig.externalListeners[${i}].accessMethod ClusterIP (listener "${listener.name}") is not supported: ` +
          'it reaches the brokers through an ingress controller (Envoy, Contour, Istio), which kafkaplane does not deploy; use NodePort or LoadBalancer.',
      });
    }
  });
  // Koperator puts the ingress controller in front of LoadBalancer listeners; kafkaplane gives each broker a load balancer instead.
  const balanced = (spec.listenersConfig.externalListeners ?? []).find((l) => (l.accessMethod ?? 'LoadBalancer') === 'LoadBalancer');
  if ((spec.ingressController ?? '') !== '' && balanced !== undefined) {
    problems.push({
      path: 'spec.ingressController',
      code: 'RefusedField',
      message:
        `spec.ingressController ${spec.ingressController ?? ''} is not supported: kafkaplane deploys no ingress controller (Envoy, Contour, Istio). ` +
        `Remove it: the LoadBalancer listener "${balanced.name}" then gets a LoadBalancer Service per broker and one to bootstrap from.`,
    });
  }
  return problems;
}

/**
 * Why a listener's type cannot be served, or undefined. An ssl or sasl_ssl listener is served with
 * the certificate of its serverSSLCertSecret, or one kafkaplane issues; a SASL listener
 * authenticates its clients (listenerSasl.ts). The inter-broker and controller listeners may be
 * ssl: brokers and controllers connect to them with their own certificate, kafkaplane and Cruise
 * Control with a client certificate (clientSSLCertSecret, or one kafkaplane issues). The
 * inter-broker listener may be sasl_plaintext or sasl_ssl: everyone connects to it as a SCRAM user
 * kafkaplane keeps (scramUsers.ts), over TLS trusting the listener's CA on sasl_ssl (interBrokerCa.ts).
 * The controller listener takes no SASL.
 */
function listenerTypeRefusal(
  listener: InternalListener | ExternalListener,
  issuing: boolean,
  clientCertificate: boolean,
  issuerCaUnknown: boolean,
): string | undefined {
  if (listener.type === 'plaintext') return undefined;
  if ((listener.type === 'ssl' || listener.type === 'sasl_ssl') && (listener.serverSSLCertSecret?.name ?? '') === '' && !issuing)
    return `an ${listener.type} listener needs serverSSLCertSecret (a Secret with PEM tls.crt, tls.key and ca.crt), or spec.listenersConfig.sslSecrets to have kafkaplane issue the brokers' certificates.`;
  const interBroker = listener.usedForInnerBrokerCommunication === true;
  const controller = 'usedForControllerCommunication' in listener && listener.usedForControllerCommunication === true;
  // Kafka's controllers cannot check SCRAM credentials: those live in the metadata log the quorum
  // itself serves (KIP-900 adds them only for brokers), so the controller listener takes no SCRAM.
  if (controller && listener.type !== 'ssl')
    return "Kafka's KRaft controllers cannot authenticate SCRAM users (the credentials live in the metadata log the quorum serves), so the controller listener must be plaintext or ssl.";
  // kafkaplane and Cruise Control log in with SCRAM and trust the listener's CA; they present no certificate.
  if (interBroker && listener.type === 'sasl_ssl' && (listener.serverSSLCertSecret?.name ?? '') === '' && issuerCaUnknown)
    return 'kafkaplane and Cruise Control trust the CA of a sasl_ssl inter-broker listener, and the CA of the cert-manager issuer named in issuerRef is in a Secret kafkaplane cannot name. Name a serverSSLCertSecret for the listener (its ca.crt is trusted), or set sslSecrets.create: true.';
  if (interBroker && listener.type === 'sasl_ssl' && listener.sslClientAuth === 'required')
    return 'a sasl_ssl inter-broker listener with sslClientAuth required is not supported: kafkaplane and Cruise Control log in to it with SCRAM and present no client certificate. Leave sslClientAuth unset (none, as Kafka does for sasl_ssl) or set it to requested.';
  if (interBroker && listener.type === 'ssl' && !issuing && !clientCertificate)
    return 'kafkaplane and Cruise Control connect to the inter-broker listener with a client certificate: name one in spec.clientSSLCertSecret (a Secret with PEM tls.crt, tls.key and ca.crt), or set spec.listenersConfig.sslSecrets to have kafkaplane issue it.';
  return undefined;
}

/**
 * Why sslSecrets cannot be acted on as written, or undefined. kafkaplane issues the brokers'
 * certificates itself, from a CA it keeps (create: true) or the user's (caCert and caKey in
 * tlsSecretName); or, with `pkiBackend: cert-manager`, has cert-manager issue them, from an issuer it
 * sets up (create: true) or the one issuerRef names.
 */
function sslSecretsRefusal(ssl: NonNullable<KafkaClusterSpec['listenersConfig']['sslSecrets']>): string | undefined {
  const certManager = ssl.pkiBackend === 'cert-manager';
  if (!certManager && ssl.issuerRef !== undefined)
    return `issuerRef names a cert-manager issuer, which is used only with pkiBackend: cert-manager. Set pkiBackend: cert-manager, or remove issuerRef to have kafkaplane keep the cluster's CA in the Secret ${ssl.tlsSecretName || '<cluster>-ca-certificate'}.`;
  if (certManager && ssl.create !== true && ssl.issuerRef === undefined)
    return 'with pkiBackend: cert-manager, set create: true (kafkaplane sets up a self-signed CA in cert-manager) or name the issuer in issuerRef; a CA of your own in tlsSecretName (caCert, caKey) is used by kafkaplane itself, without pkiBackend.';
  if (
    certManager &&
    ssl.issuerRef !== undefined &&
    !['Issuer', 'ClusterIssuer'].includes(ssl.issuerRef.kind ?? 'Issuer') &&
    (ssl.issuerRef.group ?? 'cert-manager.io') === 'cert-manager.io'
  )
    return `issuerRef.kind ${ssl.issuerRef.kind ?? ''} is not a cert-manager issuer kind: use Issuer or ClusterIssuer.`;
  return undefined;
}

/** One line for the Event and condition message: `spec.localDebugEnabled, spec.monitoringConfig`. */
export function unsupportedFieldMessage(fields: UnsupportedField[]): string {
  if (fields.length === 0) return 'every field set is supported';
  return `these fields are kept but have no effect: ${fields.map((f) => f.path).join(', ')} (see docs/crd-support.md)`;
}

export interface KafkaClusterCheck {
  /** The parsed resource, with defaults filled in; absent when it does not match the schema. */
  cluster?: KafkaCluster;
  /** Why the cluster cannot be reconciled as it is: schema violations, refused fields, broken rules. */
  problems: SpecProblem[];
  /** Fields accepted but without effect, for the `UnsupportedField` warning. */
  unsupported: UnsupportedField[];
}

/**
 * Everything the operator checks before it acts on a KafkaCluster: the schema, the refused
 * fields, the rules of validation.ts, and, given the previous spec, the rules on a change.
 */
export function checkKafkaCluster(object: unknown, previousSpec?: KafkaClusterSpec): KafkaClusterCheck {
  const parsed = kafkaClusterSchema.safeParse(object);
  if (!parsed.success) return { problems: schemaProblems(parsed.error), unsupported: [] };
  const spec = parsed.data.spec;
  return {
    cluster: parsed.data,
    problems: [
      ...refusedFields(spec),
      ...validateKafkaClusterSpec(spec),
      ...(previousSpec === undefined ? [] : validateKafkaClusterUpdate(previousSpec, spec)),
    ],
    unsupported: unsupportedFields(spec),
  };
}

/** zod's issues as field-path problems: `spec.brokers[0].id: Invalid input: expected number`. */
export function schemaProblems(error: z.ZodError): SpecProblem[] {
  return error.issues.map((issue) => {
    const path = fieldPath(issue.path);
    // The API server's wording for a missing required field (field.Required).
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    return {
      path,
      code: 'InvalidValue' as const,
      message: missing ? `${path}: Required value` : `${path}: ${issue.message}`,
    };
  });
}

/** Fields that are maps: their keys are written in brackets, as the API server does (`requests[storage]`). */
const MAP_FIELDS = new Set([
  'brokerConfigGroups',
  'ingressConfig',
  'brokersState',
  'volumeStates',
  'internalListeners',
  'externalListeners',
  'requests',
  'limits',
  'nodeSelector',
  'brokerAnnotations',
  'brokerLabels',
  'nodePortExternalIP',
  'serviceAnnotations',
  'cruiseControlAnnotations',
  'labels',
  'annotations',
  'matchLabels',
  'parameters',
  'summary',
]);

function fieldPath(path: PropertyKey[]): string {
  let out = '';
  let previous: PropertyKey | undefined;
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (typeof previous === 'string' && MAP_FIELDS.has(previous)) out += `[${String(step)}]`;
    else out += out === '' ? String(step) : `.${String(step)}`;
    previous = step;
  }
  return out;
}
