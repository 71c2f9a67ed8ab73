import { AsyncLocalStorage } from 'node:async_hooks';
import {
  KubernetesObjectApi,
  Observable,
  type ConfigurationOptions,
  type KubeConfig,
  type ObservableMiddleware,
  type RequestContext,
} from '@kubernetes/client-node';

const passed = <T>(value: T): Observable<T> => new Observable(Promise.resolve(value));

function signalMiddleware(signalOf: () => AbortSignal | undefined): ObservableMiddleware {
  return {
    pre: (request: RequestContext) => {
      const signal = signalOf();
      if (signal !== undefined) request.setSignal(signal);
      return passed(request);
    },
    post: passed,
  };
}

/**
 * Per-call options of the generated clients that abort the request when `signal` does: a
 * replica that lost the lease cancels the writes it has in flight instead of letting them land
 * (client-go passes the leader's context to every call for the same reason). `options` are kept.
 */
export function abortedBy(signal: AbortSignal | undefined, options?: ConfigurationOptions): ConfigurationOptions | undefined {
  if (signal === undefined) return options;
  return { ...options, middleware: [...(options?.middleware ?? []), signalMiddleware(() => signal)], middlewareMergeStrategy: 'append' };
}

const scope = new AsyncLocalStorage<AbortSignal>();

/** Runs `calls` so that every request of an AbortableObjectApi they make is aborted by `signal`. */
export function underSignal<T>(signal: AbortSignal | undefined, calls: () => Promise<T>): Promise<T> {
  return signal === undefined ? calls() : scope.run(signal, calls);
}

/**
 * The generic object client, whose calls follow the signal they run under (`underSignal`): its
 * methods take no per-call middleware, and one client keeps its cache of API resources.
 */
export class AbortableObjectApi extends KubernetesObjectApi {
  static make(kubeConfig: KubeConfig): AbortableObjectApi {
    const client = kubeConfig.makeApiClient(AbortableObjectApi);
    client.setDefaultNamespace(kubeConfig);
    client.configuration.middleware.push(signalMiddleware(() => scope.getStore()));
    return client;
  }
}
