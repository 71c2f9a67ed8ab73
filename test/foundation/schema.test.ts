import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAppSchema } from '../../src/schema/build.js';
import { renderSchema } from '../../src/schema/printSchema.js';

describe('schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` when this fails)', async () => {
    const generated = renderSchema(await buildAppSchema());
    const checkedIn = readFileSync('schema.graphql', 'utf8');
    if (generated !== checkedIn) {
      throw new Error('schema.graphql is out of date with the code: run `npm run schema` and commit the result.');
    }
    expect(checkedIn).toContain('type Query');
  });
});
