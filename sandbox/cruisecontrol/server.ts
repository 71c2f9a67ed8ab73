import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import type { Clock } from '../clock.js';
import { findEndpoint, SUPPORTED, type Endpoint } from './endpoints.js';
import { badParameter, CruiseControlError, OperationError, operationFailed } from './errors.js';
import type { CruiseControlFaults } from './faults.js';
import { parseGoalRequest } from './goalRequests.js';
import { answer, validate, type HandlerContext } from './handlers.js';
import { startGoalOperation, type OperationContext, type RunningOperation } from './operations.js';
import { Parameters } from './parameters.js';
import { progressResult } from './progress.js';
import { REALM, securityErrorPage, type BasicSecurity } from './security.js';
import { paramKey, type UserTask } from './userTasks.js';

export interface ServerContext extends HandlerContext, OperationContext {
  readonly clock: Clock;
  readonly faults: CruiseControlFaults;
  readonly urlPrefix: string;
  /** webserver.request.maxBlockTimeMs, in real ms. */
  readonly maxBlockMs: number;
  readonly version: string;
  readonly commitId: string;
  readonly twoStepVerification: boolean;
  /** webserver.security.enable: Jetty's security handler in front of the servlet. */
  readonly security?: BasicSecurity | undefined;
  /** Told of every request as it arrives. */
  readonly onRequest?: ((request: { method: string; url: string; userAgent: string | undefined }) => void) | undefined;
}

interface Reply {
  readonly status: number;
  readonly json: boolean;
  readonly body: Record<string, unknown> | string;
  readonly taskId?: string;
}

const GOAL_BASED = new Set(['proposals', 'add_broker', 'remove_broker', 'demote_broker', 'rebalance', 'remove_disks', 'fix_offline_replicas']);

/** The servlet: one request in, one answer out, with Cruise Control's headers, codes and bodies. */
export class CruiseControlServlet {
  readonly #operations = new Map<string, RunningOperation>();

  constructor(private readonly ctx: ServerContext) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.ctx.onRequest?.({ method: req.method ?? 'GET', url: req.url ?? '/', userAgent: req.headers['user-agent'] });
    if (this.ctx.faults.unavailable) {
      req.socket.destroy();
      return;
    }
    if (this.ctx.faults.slowMs > 0) await new Promise((resolve) => setTimeout(resolve, this.ctx.faults.slowMs));
    const pathname = new URL(req.url ?? '/', 'http://cruise-control').pathname;
    const refusal = this.ctx.security?.check(pathname, req.headers.authorization);
    if (refusal !== undefined) {
      // Jetty's security handler answers before the servlet: its error page, no Cruise Control headers.
      res.statusCode = refusal.status;
      if (refusal.status === 401) res.setHeader('WWW-Authenticate', `basic realm="${REALM}"`);
      res.setHeader('Cache-Control', 'must-revalidate,no-cache,no-store');
      res.setHeader('Content-Type', 'text/html;charset=iso-8859-1');
      res.end(securityErrorPage(refusal.status, pathname));
      return;
    }
    const reply = await this.#reply(req);
    const segment = new URL(req.url ?? '/', 'http://cruise-control').pathname.split('/').pop() ?? '';
    if (this.ctx.faults.takeDroppedAnswer(segment)) {
      req.socket.destroy();
      return;
    }
    const text = typeof reply.body === 'string' ? reply.body : reply.json ? JSON.stringify(reply.body) : plainText(reply.body);
    res.statusCode = reply.status;
    res.sendDate = false;
    res.setHeader('Date', new Date(this.ctx.clock.now()).toUTCString());
    res.setHeader('Content-Type', reply.json ? 'application/json;charset=utf-8' : 'text/plain;charset=utf-8');
    res.setHeader('Cruise-Control-Version', this.ctx.version);
    res.setHeader('Cruise-Control-Commit_Id', this.ctx.commitId);
    if (reply.taskId) res.setHeader('User-Task-ID', reply.taskId);
    res.end(text);
  }

  async #reply(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://cruise-control');
    const method = req.method ?? 'GET';
    const params = new Parameters(url.searchParams);
    const json = params.boolean('json', false);
    const prefix = `/${this.ctx.urlPrefix}/`;
    if (!url.pathname.startsWith(prefix)) return { status: 404, json: false, body: `Not Found: ${url.pathname}` };
    if (method === 'OPTIONS') return { status: 200, json, body: '' };
    const segment = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
    const endpoint = method === 'GET' || method === 'POST' ? findEndpoint(method, segment) : undefined;
    const errorReply = (error: CruiseControlError, taskId?: string): Reply => ({
      status: error.status,
      json,
      taskId,
      body: json ? errorBody(error) : error.message,
    });
    if (!endpoint) {
      const supported = method === 'POST' ? `Supported POST endpoints: ${SUPPORTED.POST}` : `Supported GET endpoints: ${SUPPORTED.GET}`;
      return errorReply(new CruiseControlError(404, `Unrecognized endpoint in request '/${segment}'\n${supported}`));
    }
    const fault = this.ctx.faults.take(endpoint.name);
    if (fault) {
      if (fault.status === 503) return { status: 503, json: false, body: 'Service Unavailable' };
      return errorReply(
        new CruiseControlError(
          fault.status ?? 500,
          fault.message ?? `Error processing ${method} request '/${endpoint.name}' due to: 'java.lang.IllegalStateException: Injected fault.'.`,
        ),
      );
    }
    const header = req.headers['user-task-id'];
    const hasHeader = typeof header === 'string' && header !== '';
    const client = clientIdentity(req);
    // With two-step verification a POST is parked for review; `review_id=<id>` alone runs the approved original.
    let effective = params;
    try {
      if (this.ctx.twoStepVerification && method === 'POST' && endpoint.name !== 'review') {
        if (!params.has('review_id')) {
          this.#checkParameters(endpoint, method, params);
          return { status: 200, json, body: this.ctx.purgatory.park(endpoint.name, url.searchParams, client) };
        }
        const others = params.names().filter((n) => n !== 'review_id');
        if (others.length > 0)
          throw badParameter(`review_id parameter must be mutually exclusive with other parameters (Request parameters: ${params.names().join(', ')}).`);
        effective = new Parameters(this.ctx.purgatory.submit(params.int('review_id') ?? -1, endpoint.name, hasHeader));
      }
      this.#checkParameters(endpoint, method, effective);
    } catch (error) {
      if (error instanceof CruiseControlError) return errorReply(error);
      throw error;
    }
    const reason = `${effective.string('reason') ?? 'No reason provided'} (Client: ${client}, Date: ${new Date(this.ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z')})`;
    let task: UserTask;
    try {
      task = hasHeader
        ? this.ctx.tasks.find(String(header), method, url.pathname, paramKey(params.raw))
        : this.#start(endpoint, method, url.pathname, effective, params.raw, client, reason, effective.boolean('json', false));
    } catch (error) {
      if (error instanceof CruiseControlError) return errorReply(error);
      throw error;
    }
    await task.wait(this.ctx.maxBlockMs);
    if (task.result) return { status: task.result.status, json: task.result.json, body: task.result.body, taskId: task.id };
    const operation = this.#operations.get(task.id);
    return {
      status: 202,
      json,
      taskId: task.id,
      body: progressResult(endpoint.operation, operation?.steps ?? [], this.ctx.clock.now() - task.startMs, operation?.durationMs ?? 0),
    };
  }

  #checkParameters(endpoint: Endpoint, method: string, params: Parameters): void {
    const unknown = params.names().filter((n) => !endpoint.parameters.has(n));
    if (unknown.length > 0) {
      throw new CruiseControlError(400, `Unrecognized endpoint parameters in ${endpoint.name.toUpperCase()} ${method} request: [${unknown.join(', ')}].`);
    }
    if (endpoint.name === 'review' || endpoint.name === 'review_board') {
      if (!this.ctx.twoStepVerification) {
        throw new CruiseControlError(
          403,
          `Cannot process ${method} request '/${endpoint.name}' due to: 'Attempt to access ${endpoint.name.toUpperCase()} endpoint without enabling 'two.step.verification.enabled' config.'.`,
        );
      }
    }
    if (!this.ctx.twoStepVerification && (params.has('review_id') || params.has('review_ids'))) {
      throw new CruiseControlError(400, 'review_id parameter is not relevant when two-step verification is disabled.');
    }
    if (GOAL_BASED.has(endpoint.name)) parseGoalRequest(endpoint.name, params);
    else validate(endpoint.name, params);
  }

  /** A new user task: sync endpoints answer now; goal-based ones run on the clock. */
  #start(
    endpoint: Endpoint,
    method: string,
    path: string,
    params: Parameters,
    sent: Parameters['raw'],
    client: string,
    reason: string,
    json: boolean,
  ): UserTask {
    const task = this.ctx.tasks.create(endpoint, method, path, sent, client);
    const settleError = (cause: string): void => {
      const error = operationFailed(method, endpoint.name, cause);
      task.settle({ status: 500, json, failed: true, body: json ? JSON.stringify(errorBody(error)) : error.message }, this.ctx.clock.now());
    };
    const settleBody = (body: Record<string, unknown>): void => {
      task.settle({ status: 200, json, failed: false, body: json ? JSON.stringify(body) : plainText(body) }, this.ctx.clock.now());
    };
    if (GOAL_BASED.has(endpoint.name)) {
      const request = parseGoalRequest(endpoint.name, params);
      const operation = startGoalOperation(this.ctx, request, task.id, reason, {
        settle: (outcome) => ('error' in outcome ? settleError(outcome.error) : settleBody(outcome.body)),
        executionStarted: () => this.ctx.tasks.markInExecution(task),
        done: (ok) => {
          this.ctx.tasks.finish(task, ok ? 'Completed' : 'CompletedWithError');
          this.#operations.delete(task.id);
        },
      });
      if (!task.result) this.#operations.set(task.id, operation);
      return task;
    }
    try {
      settleBody(answer(this.ctx, endpoint.name, params, reason, task.id));
      this.ctx.tasks.finish(task, 'Completed');
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      settleError(`com.linkedin.kafka.cruisecontrol.exception.KafkaCruiseControlException: ${error.message}`);
      this.ctx.tasks.finish(task, 'CompletedWithError');
    }
    return task;
  }
}

function errorBody(error: CruiseControlError): Record<string, unknown> {
  // Unrecognized parameters come with an empty stack trace (ParameterUtils.hasValidParameterNames).
  const stackTrace = error.message.startsWith('Unrecognized endpoint parameters')
    ? ''
    : `${error.exceptionClass}: ${error.message}\n\tat com.linkedin.kafka.cruisecontrol.servlet.KafkaCruiseControlServlet.doGetOrPost(KafkaCruiseControlServlet.java:120)`;
  return { version: 1, stackTrace, errorMessage: error.message };
}

/** Text bodies for json=false: the message alone for small results, else a readable dump. */
function plainText(body: Record<string, unknown>): string {
  if (typeof body.message === 'string') return body.message;
  const { version: _version, ...rest } = body;
  return toYaml(rest);
}

/** The first proxy header, else the peer address (KafkaCruiseControlServletUtils.getClientIpAddress). */
function clientIdentity(req: IncomingMessage): string {
  for (const name of ['x-forwarded-for', 'proxy-client-ip', 'wl-proxy-client-ip', 'http_x_forwarded_for', 'http_client_ip']) {
    const value = req.headers[name];
    const first = (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
    if (first && first.toLowerCase() !== 'unknown') return first;
  }
  return req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown';
}
