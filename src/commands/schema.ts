// `ziti-status schema`: the JSON Schema of `-o json`, generated from the zod model it is built from.
import { z } from 'zod';
import type { Io } from '../io.js';
import { clusterViewSchema, SCHEMA_VERSION } from '../model.js';

export function outputJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://ziti-status.invalid/schema/cluster-view-v${SCHEMA_VERSION}.json`,
    title: `ziti-status list controllers -o json (schemaVersion ${SCHEMA_VERSION})`,
    ...z.toJSONSchema(clusterViewSchema, { target: 'draft-2020-12' }),
  };
}

export function runSchema(io: Io): number {
  io.stdout.write(`${JSON.stringify(outputJsonSchema(), null, 2)}\n`);
  return 0;
}
