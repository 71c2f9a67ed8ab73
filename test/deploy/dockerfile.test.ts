import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const stages = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => /^FROM\s/i.test(line));

describe('the Dockerfile', () => {
  it('pins every base image by digest, so a rebuild cannot pull other bytes under the same tag', () => {
    expect(stages.length).toBeGreaterThan(0);
    for (const stage of stages) expect(stage).toMatch(/^FROM \S+@sha256:[0-9a-f]{64}( AS \S+)?$/);
  });

  it('builds on Node 24, the version the project runs on', () => {
    for (const stage of stages) expect(stage).toMatch(/^FROM node:24-/);
  });
});
