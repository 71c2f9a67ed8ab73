import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeApi } from './api.js';
import { badRequest, invalid } from './errors.js';
import type { ContainerLogs, LogLine } from './containerLogs.js';
import type { ResourceType } from './resources.js';

export type { ContainerLogs } from './containerLogs.js';

interface ContainerStatus {
  name: string;
  state?: { waiting?: { reason?: string }; running?: object; terminated?: object };
  lastState?: { terminated?: object };
}
interface PodParts {
  spec?: { nodeName?: string; containers?: Array<{ name: string }>; initContainers?: Array<{ name: string }> };
  status?: { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] };
}

const POD_LOG_OPTIONS = { group: '', plural: 'pods' };

/** The options of a log request, checked as core validation ValidatePodLogOptions does. */
interface LogOptions {
  container: string | undefined;
  previous: boolean;
  follow: boolean;
  timestamps: boolean;
  tail?: number;
  since?: number;
  limitBytes?: number;
}

function optionsOf(name: string, q: URLSearchParams): LogOptions {
  const int = (key: string): number | undefined => (q.get(key) === null ? undefined : Number(q.get(key)));
  const tail = int('tailLines');
  const sinceSeconds = int('sinceSeconds');
  const sinceTime = q.get('sinceTime');
  const limitBytes = int('limitBytes');
  const causes = [];
  const invalidValue = (field: string, value: number, detail: string) => ({
    reason: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${value}: ${detail}`,
  });
  if (tail !== undefined && tail < 0) causes.push(invalidValue('tailLines', tail, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1) causes.push(invalidValue('limitBytes', limitBytes, 'must be greater than 0'));
  if (sinceSeconds !== undefined && sinceTime !== null) {
    causes.push({ reason: 'FieldValueForbidden', field: '', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  }
  if (sinceSeconds !== undefined && sinceSeconds < 1) causes.push(invalidValue('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  if (causes.length > 0) throw invalid('PodLogOptions', POD_LOG_OPTIONS, name, causes);
  const since = sinceSeconds !== undefined ? Date.now() - sinceSeconds * 1000 : sinceTime !== null ? Date.parse(sinceTime) : undefined;
  const flag = (key: string): boolean => q.get(key) === 'true' || q.get(key) === '1';
  return {
    container: q.get('container') ?? undefined,
    previous: flag('previous'),
    follow: flag('follow'),
    timestamps: flag('timestamps'),
    ...(tail !== undefined ? { tail } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
  };
}

/** The container asked for, or the Pod's only one (pod/strategy.go LogLocation). */
function containerOf(pod: PodParts, name: string, asked: string | undefined): string {
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  if (asked === undefined || asked === '') {
    if (containers.length === 1) return containers[0] ?? '';
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    const orInit = inits.length > 0 ? ` or one of the init containers: [${inits.join(' ')}]` : '';
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${orInit}`);
  }
  if (!containers.includes(asked) && !inits.includes(asked)) throw badRequest(`container ${asked} is not valid for pod ${name}`);
  return asked;
}

/** The kubelet's own checks (kubelet_pods.go validateContainerLogStatus). */
function checkStatus(pod: PodParts, podName: string, container: string, previous: boolean): void {
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === container);
  if (!status) throw badRequest(`container "${container}" in pod "${podName}" is not available`);
  if (previous) {
    if (!status.lastState?.terminated) throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return;
  }
  if (status.state?.waiting && !status.lastState?.terminated) {
    throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${status.state.waiting.reason ?? ''}`);
  }
}

/**
 * GET pods/<name>/log: the API server finds the Pod's node and container, the kubelet answers
 * with the container's output as text (`timestamps`, `tailLines`, `sinceSeconds`/`sinceTime`,
 * `limitBytes`, `previous`), and with `follow` keeps the stream open until the run ends.
 */
export function servePodLog(
  api: KubeApi,
  logs: ContainerLogs,
  request: { namespace: string; name: string; query: URLSearchParams },
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const pods = api.resources().find((r): r is ResourceType => r.group === '' && r.plural === 'pods');
  if (!pods) throw badRequest('pods are not served');
  const pod = api.get(pods, request.namespace, request.name);
  const parts = pod as unknown as PodParts;
  const options = optionsOf(request.name, request.query);
  const container = containerOf(parts, request.name, options.container);
  // A Pod not yet on a node has no kubelet to ask: an empty answer.
  if (parts.spec?.nodeName === undefined) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end();
    return;
  }
  checkStatus(parts, request.name, container, options.previous);
  const run = logs.run(pod.metadata.uid, container, options.previous);
  // The kubelet prefixes RFC3339Nano times (trailing zeros of the fraction dropped).
  const stamp = (time: number): string => new Date(time).toISOString().replace(/\.?0+Z$/, 'Z');
  const format = (line: LogLine): string => `${options.timestamps ? `${stamp(line.time)} ` : ''}${line.text}\n`;
  let lines = (run?.lines ?? []).filter((l) => options.since === undefined || l.time >= options.since);
  if (options.tail !== undefined) lines = options.tail === 0 ? [] : lines.slice(-options.tail);
  let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
  const send = (text: string): boolean => {
    const chunk = Buffer.from(text).subarray(0, budget);
    budget -= chunk.length;
    res.write(chunk);
    return budget > 0;
  };
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  for (const line of lines) if (!send(format(line))) break;
  if (!options.follow || !run || run.ended || budget <= 0) {
    res.end();
    return;
  }
  const follower = {
    line: (line: LogLine): void => {
      if (!send(format(line))) follower.end();
    },
    end: (): void => {
      run.followers.delete(follower);
      res.end();
    },
  };
  run.followers.add(follower);
  req.once('close', () => run.followers.delete(follower));
}
