import { describe, expect, it } from 'vitest';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { cruiseControlRollingOut } from '../../src/operator/cruisecontrol/rollout.js';

const deployment = (generation: number, status: NonNullable<IDeployment['status']>): IDeployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'kafka-cruisecontrol', generation },
  spec: { replicas: 1, selector: {}, template: {} },
  status,
});

describe('whether the deployed Cruise Control can take a task', () => {
  it('waits until the newest Pod serves alone, as kubectl rollout status does', () => {
    const done = { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 };
    expect(cruiseControlRollingOut(deployment(2, done))).toBeUndefined();
    expect(cruiseControlRollingOut(undefined)).toBeUndefined();
    // The controller has not seen the new template yet.
    expect(cruiseControlRollingOut(deployment(3, done))).toMatch(/being restarted/);
    // The new Pod is created, the old one still runs.
    expect(cruiseControlRollingOut(deployment(2, { ...done, replicas: 2 }))).toMatch(/still stopping/);
    expect(cruiseControlRollingOut(deployment(2, { ...done, updatedReplicas: 0 }))).toMatch(/being restarted/);
    expect(cruiseControlRollingOut(deployment(2, { ...done, availableReplicas: 0 }))).toMatch(/not available/);
  });
});
