// zod schemas of POST /fabric/v1/inspections (fabric swagger inspectResponse), as real v2.0.3
// answers it (test/fixtures/real-v2.0.3/inspections/): no `data` envelope; `errors` and `values`
// are null when empty. Each value is one controller's (`appId`) answer to one requested name.
import { z } from 'zod';

export const inspectValueSchema = z.object({
  appId: z.string(),
  name: z.string(),
  // Its shape depends on the name asked; the one ziti-status reads is checked on its own below.
  value: z.unknown(),
});

export const inspectResponseSchema = z.object({
  success: z.boolean(),
  errors: z.array(z.string()).nullable().optional(),
  values: z.array(inspectValueSchema).nullable().optional(),
});

/** `data-model-index`: the raft index the controller has applied to its data model, and which history it is of. */
export const dataModelIndexSchema = z.object({
  index: z.number().int().min(0),
  timeline: z.string(),
});

export type DataModelIndex = z.infer<typeof dataModelIndexSchema>;
