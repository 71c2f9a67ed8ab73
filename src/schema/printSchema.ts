import { writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildAppSchema } from './build.js';

const HEADER = '# Generated from the code by `npm run schema`; do not edit by hand.\n\n';

/** The SDL as checked in to schema.graphql: sorted, so that diffs show only real changes. */
export function renderSchema(schema: GraphQLSchema): string {
  return HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}

// `node dist/src/schema/printSchema.js <file>` writes the file.
const target = process.argv[2];
if (target !== undefined && import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(target, renderSchema(await buildAppSchema()));
  console.log(`wrote ${target}`);
}
