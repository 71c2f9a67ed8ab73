import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from '../config.js';
import type { AlertCredentials } from './auth.js';

function readSecret(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not readable';
    throw new ConfigError(`--${flag}: cannot read ${path}: ${reason}`);
  }
}

/** The credentials alert senders must present, read once at start; a bad file stops the start. */
export function loadAlertCredentials(config: Config, env: NodeJS.ProcessEnv = process.env): AlertCredentials {
  const credentials: AlertCredentials = {};
  const tokenFromEnv = env.ALERTMANAGER_WEBHOOK_TOKEN?.trim();
  if (config.alertmanagerTokenFile !== undefined) {
    const token = readSecret(config.alertmanagerTokenFile, 'alertmanager-token-file');
    if (token === '') throw new ConfigError(`--alertmanager-token-file: ${config.alertmanagerTokenFile} is empty`);
    credentials.bearerToken = token;
  } else if (tokenFromEnv !== undefined && tokenFromEnv !== '') {
    credentials.bearerToken = tokenFromEnv;
  }
  if (config.alertmanagerBasicAuthFile !== undefined) {
    const pair = readSecret(config.alertmanagerBasicAuthFile, 'alertmanager-basic-auth-file');
    const colon = pair.indexOf(':');
    if (colon <= 0 || colon === pair.length - 1) {
      throw new ConfigError(`--alertmanager-basic-auth-file: ${config.alertmanagerBasicAuthFile} must hold "username:password"`);
    }
    credentials.basicAuth = { username: pair.slice(0, colon), password: pair.slice(colon + 1) };
  }
  return credentials;
}
