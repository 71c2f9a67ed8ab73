import { goDuration } from '../../src/domain/goDuration.js';
import type { ValidatingWebhook } from '../kube/api.js';
import type { StoredObject } from '../kube/store.js';
import { parseGoDuration } from './controller.js';
import { CERT_MANAGER_GROUP } from './crds.js';

/** The name cert-manager's ValidatingWebhookConfiguration gives its webhook, which a refusal quotes. */
export const CERT_MANAGER_WEBHOOK = 'webhook.cert-manager.io';

const HOUR_MS = 3600_000;
/** cert-manager's limits (pkg/apis/certmanager/v1 types.go): MinimumCertificateDuration, MinimumRenewBefore, DefaultCertificateDuration. */
const MINIMUM_DURATION_MS = HOUR_MS;
const MINIMUM_RENEW_BEFORE_MS = 5 * 60_000;
const DEFAULT_DURATION_MS = 90 * 24 * HOUR_MS;

/**
 * The part of cert-manager's validating webhook a kafkaplane cluster meets: a Certificate's
 * duration and renewBefore (internal/apis/certmanager/validation/certificate.go ValidateDuration),
 * refused through controller-runtime's admission.Denied (403); a duration that does not parse
 * fails decoding first (admission.Errored, 400), with Go's `time.ParseDuration` words.
 */
export const certManagerWebhook: ValidatingWebhook = {
  name: CERT_MANAGER_WEBHOOK,
  group: CERT_MANAGER_GROUP,
  validate(plural: string, object: StoredObject): { code: number; message: string } | undefined {
    if (plural !== 'certificates') return undefined;
    const spec = (object.spec ?? {}) as { duration?: string; renewBefore?: string };
    for (const text of [spec.duration, spec.renewBefore]) {
      if (text !== undefined && parseGoDuration(text) === undefined) return { code: 400, message: `time: invalid duration "${text}"` };
    }
    const duration = spec.duration !== undefined ? (parseGoDuration(spec.duration) ?? DEFAULT_DURATION_MS) : DEFAULT_DURATION_MS;
    const renewBefore = spec.renewBefore !== undefined ? parseGoDuration(spec.renewBefore) : undefined;
    const errors: string[] = [];
    if (duration < MINIMUM_DURATION_MS)
      errors.push(`spec.duration: Invalid value: ${goDuration(duration)}: certificate duration must be greater than ${goDuration(MINIMUM_DURATION_MS)}`);
    if (renewBefore !== undefined && renewBefore < MINIMUM_RENEW_BEFORE_MS)
      errors.push(
        `spec.renewBefore: Invalid value: ${goDuration(renewBefore)}: certificate renewBefore must be greater than ${goDuration(MINIMUM_RENEW_BEFORE_MS)}`,
      );
    if (renewBefore !== undefined && renewBefore >= duration)
      errors.push(
        `spec.renewBefore: Invalid value: ${goDuration(renewBefore)}: certificate duration ${goDuration(duration)} must be greater than renewBefore ${goDuration(renewBefore)}`,
      );
    // field.ErrorList.ToAggregate: one error as it is, several in brackets.
    if (errors.length === 0) return undefined;
    return { code: 403, message: errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]` };
  },
};
