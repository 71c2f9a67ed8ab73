import { ApiException } from '@kubernetes/client-node';

/** The Status a client-node call was refused with: its HTTP code, reason, message and details when it has them. */
export async function apiError(promise: Promise<unknown>): Promise<{ code: number; reason: string; message: string; details?: unknown }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiException) {
      const body = JSON.parse(err.body as string) as { reason: string; message: string; details?: unknown };
      return { code: err.code, reason: body.reason, message: body.message, ...(body.details !== undefined ? { details: body.details } : {}) };
    }
    throw err;
  }
  throw new Error('expected an error');
}
