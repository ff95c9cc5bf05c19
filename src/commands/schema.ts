// `ziti-status schema`: the JSON Schema of `-o json`, generated from the zod model it is built from.
import { z } from 'zod';
import type { Io } from '../io.js';
import { clusterViewSchema, SCHEMA_VERSION } from '../model.js';

export function outputJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://ziti-status.invalid/schema/cluster-view-v${SCHEMA_VERSION}.json`,
    title: `ziti-status list controllers -o json (schemaVersion ${SCHEMA_VERSION})`,
    ...z.toJSONSchema(clusterViewSchema, { target: 'draft-2020-12', override: allowAdditiveFields }),
  };
}

// The contract lets a release add fields within a schema version (README, "The JSON contract"), so
// a saved schema must accept them: zod says `additionalProperties: false` of every object it
// strips, which would make the next release's output invalid. Required fields stay required.
function allowAdditiveFields(ctx: { jsonSchema: Record<string, unknown> }): void {
  if (ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties;
}

export function runSchema(io: Io): number {
  io.stdout.write(`${JSON.stringify(outputJsonSchema(), null, 2)}\n`);
  return 0;
}
