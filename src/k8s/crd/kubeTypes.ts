/**
 * The Kubernetes building blocks that appear inside our custom resources, as zod schemas.
 *
 * Parts the operator reads (resource requests, PVC sizes) are typed field by field. Parts it
 * only copies into the objects it builds (affinity, tolerations, extra containers) are `kept`:
 * the CRD preserves whatever the user wrote there, and the API server of the object they end
 * up in (a Pod) validates them, so a typo surfaces on that object rather than being pruned.
 */
import { z } from 'zod';
import { QUANTITY_PATTERN } from './quantity.js';

/** Marks a zod schema whose CRD schema is Kubernetes' int-or-string quantity (see openApiSchema.ts). */
export const INT_OR_STRING = 'x-kubernetes-int-or-string';

/** resource.Quantity on the wire: a JSON integer or a string such as `10Gi`. */
export const quantity = z.union([z.int(), z.string().regex(new RegExp(QUANTITY_PATTERN))]).meta({ [INT_OR_STRING]: true });

/** A subtree copied as written; `T` is the Kubernetes type it must be for the object it lands in. */
export function kept<T extends object>(description: string): z.ZodType<T, T> {
  return z.looseObject({}).describe(description) as unknown as z.ZodType<T, T>;
}

export const resourceList = z.record(z.string(), quantity);

/** core/v1 ResourceRequirements; `claims` is kept. */
export const resourceRequirements = z.object({
  limits: resourceList.optional(),
  requests: resourceList.optional(),
  claims: z.array(z.looseObject({ name: z.string() })).optional(),
});

/** core/v1 PersistentVolumeClaimSpec: what the operator reads is typed, the rest is kept. */
export const persistentVolumeClaimSpec = z
  .looseObject({
    accessModes: z.array(z.string()).optional(),
    storageClassName: z.string().optional(),
    volumeMode: z.string().optional(),
    resources: z
      .looseObject({
        requests: resourceList.optional(),
        limits: resourceList.optional(),
      })
      .optional(),
  })
  .describe('A PersistentVolumeClaimSpec; one PVC per broker is made from it.');

/** core/v1 EmptyDirVolumeSource. */
export const emptyDirVolumeSource = z.object({
  medium: z.string().optional(),
  sizeLimit: quantity.optional(),
});

/** core/v1 LocalObjectReference. */
export const localObjectReference = z.object({ name: z.string().optional() });

/** meta/v1 LabelSelector. */
export const labelSelector = z.object({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z
    .array(
      z.object({
        key: z.string(),
        operator: z.string(),
        values: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

/** meta/v1 Condition, the standard shape of `status.conditions[]`. */
export const condition = z.object({
  type: z.string().max(316),
  status: z.enum(['True', 'False', 'Unknown']),
  observedGeneration: z.int().min(0).optional(),
  lastTransitionTime: z.string().meta({ format: 'date-time' }),
  reason: z.string().max(1024),
  message: z.string().max(32768),
});

export const stringMap = z.record(z.string(), z.string());
