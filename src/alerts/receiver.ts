import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { Logger } from '../logging.js';
import { isAuthorized, type AlertCredentials } from './auth.js';
import type { ReceivedAlert } from '../domain/alertEvents.js';
import { parseAlertmanagerWebhook, parsePrometheusAlerts, type ParseResult } from './payload.js';

/** Where an alert came from: the sender's address and, from Alertmanager, its receiver's name. */
export interface AlertOrigin {
  clientAddress: string;
  receiver?: string;
}

/** Whether the alerts were taken: recorded and handed over, or not (the sender should retry). */
export type ReceiveResult = { ok: true } | { ok: false; error: string };

/**
 * Takes received alerts: records them and hands their actions over, so that the HTTP answer
 * waits for the record but never for the action.
 */
export interface AlertSink {
  receive(alerts: ReceivedAlert[], origin: AlertOrigin): Promise<ReceiveResult>;
}

export interface AlertReceiverOptions {
  credentials: AlertCredentials;
  /** Accept alerts without credentials (the embedded sandbox only). */
  open: boolean;
  sink: AlertSink;
  logger: Logger;
  /** Largest body accepted; Alertmanager groups can be large, a flood should not be. */
  bodyLimit?: string;
}

export const ALERTMANAGER_WEBHOOK_PATH = '/alertmanager';
/** Where Prometheus posts alerts to an Alertmanager (Koperator's users point it at the operator). */
export const PROMETHEUS_ALERTS_PATH = '/api/v2/alerts';

/**
 * POST /alertmanager (Alertmanager's webhook_configs) and POST /api/v2/alerts (Prometheus's
 * alerting.alertmanagers). Unauthenticated senders get 401 and change nothing; bad bodies 400.
 */
export function alertReceiverRouter(options: AlertReceiverOptions): Router {
  const router = express.Router();
  const json = express.json({ limit: options.bodyLimit ?? '1mb', strict: false, type: () => true });

  const handle = (parse: (body: unknown) => ParseResult) => async (req: Request, res: Response) => {
    const parsed = parse(req.body);
    if (!parsed.ok) {
      res.status(400).json({ status: 'error', error: parsed.message });
      return;
    }
    const body = req.body as { receiver?: unknown };
    let result: ReceiveResult;
    try {
      result = await options.sink.receive(parsed.alerts, {
        clientAddress: req.socket.remoteAddress ?? 'unknown',
        ...(typeof body.receiver === 'string' ? { receiver: body.receiver } : {}),
      });
    } catch (err) {
      options.logger.warn({ err: (err as Error).message, path: req.path }, 'alerts could not be recorded');
      result = { ok: false, error: `alerts could not be recorded: ${(err as Error).message}` };
    }
    // A 5xx makes Alertmanager and Prometheus send again; the records make that safe.
    if (!result.ok) res.status(503).json({ status: 'error', error: result.error });
    else res.status(200).json({ status: 'success', received: parsed.alerts.length });
  };

  const authenticate = (req: Request, res: Response, next: () => void) => {
    if (options.open || isAuthorized(req.headers.authorization, options.credentials)) {
      next();
      return;
    }
    options.logger.warn({ path: req.path, clientAddress: req.socket.remoteAddress }, 'alert refused: missing or wrong credentials');
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer realm="kafkaplane-alerts", Basic realm="kafkaplane-alerts"')
      .json({ status: 'error', error: 'unauthorized' });
  };

  router.post(ALERTMANAGER_WEBHOOK_PATH, authenticate, json, handle(parseAlertmanagerWebhook));
  router.post(
    PROMETHEUS_ALERTS_PATH,
    authenticate,
    json,
    handle((body) => parsePrometheusAlerts(body)),
  );

  const bodyErrors: ErrorRequestHandler = (err: { type?: string; message?: string }, _req, res, next) => {
    if (err.type === 'entity.parse.failed') res.status(400).json({ status: 'error', error: `malformed JSON: ${err.message ?? ''}` });
    else if (err.type === 'entity.too.large') res.status(413).json({ status: 'error', error: 'body too large' });
    else next(err);
  };
  router.use(bodyErrors);
  return router;
}
