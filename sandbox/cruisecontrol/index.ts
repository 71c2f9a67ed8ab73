import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock.js';
import type { KafkaClusterModel } from '../kafka/model/index.js';
import type { CapacityConfig } from './capacity.js';
import { Executor } from './executor.js';
import { CruiseControlFaults } from './faults.js';
import { LoadMonitor, type MonitorOptions } from './monitor.js';
import { Purgatory } from './purgatory.js';
import { BasicSecurity, parseCredentialsFile } from './security.js';
import { CruiseControlServlet } from './server.js';
import { UserTaskManager, type UserTaskManagerOptions } from './userTasks.js';
import type { WebServerTls } from './webserverTls.js';

export { CruiseControlFaults, type EndpointFault } from './faults.js';
export { parseCapacityFile, type CapacityConfig } from './capacity.js';
export type { Executor } from './executor.js';
export type { ExecutorStateName } from './executorState.js';
export type { LoadMonitor, MonitorOptions, MonitorStateName } from './monitor.js';
export type { TaskStatus, UserTask, UserTaskManager, UserTaskManagerOptions } from './userTasks.js';

export interface CruiseControlSandboxOptions {
  readonly model: KafkaClusterModel;
  readonly clock: Clock;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1, Cruise Control's default bind address. */
  readonly host?: string;
  /** webserver.api.urlprefix without slashes; default "kafkacruisecontrol". */
  readonly urlPrefix?: string;
  /** webserver.request.maxBlockTimeMs in real ms: how long a request waits before a 202. Default 10 000. */
  readonly maxBlockMs?: number;
  /** Clock time a proposal computation takes. Default 3000. 0 answers at once. */
  readonly proposalComputeMs?: number;
  /** How often the executor checks progress and starts tasks, in clock ms. Default 1000. */
  readonly executorTickMs?: number;
  readonly monitor?: MonitorOptions;
  readonly userTasks?: UserTaskManagerOptions;
  /** two.step.verification.enabled; when false (the default) review endpoints answer 403. */
  readonly twoStepVerification?: boolean;
  /**
   * webserver.security.enable with BasicSecurityProvider: the text of webserver.auth.credentials.file
   * (`user: password,ROLE`). Without it, as Cruise Control's default, no request needs credentials.
   */
  readonly credentials?: string;
  /**
   * webserver.ssl.enable: the loaded keystore. The port then speaks TLS only: a plain HTTP request
   * gets no answer, its connection closed, as Jetty's SslConnection does with bytes that are not TLS.
   */
  readonly tls?: WebServerTls | undefined;
  /** Told of every request as it arrives, with who sent it (its User-Agent): tests attribute requests to clients. */
  readonly onRequest?: (request: CruiseControlRequest) => void;
  /** capacity.json as read at start (a Cruise Control Pod's); without it every broker's capacity is its disks'. */
  readonly capacity?: CapacityConfig;
}

/** A request as it reached Cruise Control. */
export interface CruiseControlRequest {
  method: string;
  /** The path and query, as sent. */
  url: string;
  userAgent: string | undefined;
}

export interface CruiseControlSandbox {
  /** Base URL, e.g. http://127.0.0.1:40123/kafkacruisecontrol */
  readonly url: string;
  readonly port: number;
  readonly faults: CruiseControlFaults;
  /** The monitor, executor and task list behind the endpoints, for assertions. */
  readonly monitor: LoadMonitor;
  readonly executor: Executor;
  readonly tasks: UserTaskManager;
  close(): Promise<void>;
}

/** Starts a simulated Cruise Control over real HTTP, serving the Kafka cluster `model`. */
export async function startCruiseControlSandbox(options: CruiseControlSandboxOptions): Promise<CruiseControlSandbox> {
  const { model, clock } = options;
  const monitor = new LoadMonitor(clock, options.monitor);
  const executor = new Executor(model, clock, options.executorTickMs ?? 1000);
  const tasks = new UserTaskManager(clock, options.userTasks);
  const faults = new CruiseControlFaults(executor, monitor);
  const urlPrefix = options.urlPrefix ?? 'kafkacruisecontrol';
  const servlet = new CruiseControlServlet({
    model,
    clock,
    monitor,
    executor,
    tasks,
    faults,
    purgatory: new Purgatory(clock),
    now: () => clock.now(),
    urlPrefix,
    maxBlockMs: options.maxBlockMs ?? 10_000,
    computeMs: options.proposalComputeMs ?? 3000,
    version: '2.5.146',
    commitId: 'dadba67e2324238b3e97c7042c2831919b45b597',
    twoStepVerification: options.twoStepVerification ?? false,
    security: options.credentials === undefined ? undefined : new BasicSecurity(parseCredentialsFile(options.credentials), urlPrefix),
    capacity: options.capacity,
    onRequest: options.onRequest,
  });
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    servlet.handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(error instanceof Error ? error.message : String(error));
    });
  };
  const server = options.tls === undefined ? createServer(handle) : createHttpsServer({ pfx: options.tls.pfx, passphrase: options.tls.passphrase }, handle);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${host}:${port}/${urlPrefix}`,
    port,
    faults,
    monitor,
    executor,
    tasks,
    close: () =>
      new Promise<void>((resolve) => {
        // The process ends: its execution with it, and its user tasks, which lived in its memory.
        executor.halt();
        tasks.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
