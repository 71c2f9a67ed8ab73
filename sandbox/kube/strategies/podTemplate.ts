import { fieldNotSupported, fieldRequired, type StatusCause } from '../errors.js';

/** A Pod template's spec, as far as the defaults and checks below read it. */
export interface TemplateSpec {
  restartPolicy?: string;
  dnsPolicy?: string;
  terminationGracePeriodSeconds?: number;
  schedulerName?: string;
  securityContext?: object;
  enableServiceLinks?: boolean;
  containers?: TemplateContainer[];
  initContainers?: TemplateContainer[];
}
interface TemplateContainer {
  name?: string;
  image?: string;
  imagePullPolicy?: string;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  ports?: Array<{ protocol?: string }>;
}

/** core/v1 defaults.go: an image without a tag, or tagged `latest`, is always pulled (SetDefaults_Container). */
function pullPolicy(image: string): string {
  const last = image.split('/').pop() ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** SetDefaults_PodSpec and SetDefaults_Container of core/v1 defaults.go, for the fields they set. */
export function defaultPodSpec(spec: TemplateSpec): void {
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    container.terminationMessagePath ??= '/dev/termination-log';
    container.terminationMessagePolicy ??= 'File';
    container.imagePullPolicy ??= pullPolicy(container.image ?? '');
    for (const port of container.ports ?? []) port.protocol ??= 'TCP';
  }
}

/** The checks of ValidatePodTemplateSpec that a workload's template most often fails (apps validation.go). */
export function templateProblems(spec: TemplateSpec | undefined, path: string, restartPolicies: string[]): StatusCause[] {
  const causes: StatusCause[] = [];
  const containers = spec?.containers ?? [];
  if (containers.length === 0) causes.push(fieldRequired(`${path}.containers`));
  containers.forEach((c, i) => {
    if ((c.name ?? '') === '') causes.push(fieldRequired(`${path}.containers[${i}].name`));
    if ((c.image ?? '') === '') causes.push(fieldRequired(`${path}.containers[${i}].image`));
  });
  if (spec?.restartPolicy !== undefined && !restartPolicies.includes(spec.restartPolicy))
    causes.push(fieldNotSupported(`${path}.restartPolicy`, spec.restartPolicy, restartPolicies));
  return causes;
}
