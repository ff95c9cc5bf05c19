// One change between two reconciled views, as `--events` prints it and the audit log stores it: the
// schema is the type (docs/design.md section 6, `xxxSchema` + `z.infer`), so what the log reads
// back is exactly what watch mode writes. Beside the model, so the printers may name it too.
import { z } from 'zod';
import { controllerStatusSchema, flagCodeSchema, verdictSchema } from './model.js';

const base = { time: z.string(), evidence: z.string() };

export const auditEventSchema = z.union([
  z.object({
    ...base,
    kind: z.literal('status'),
    controller: z.string(),
    before: controllerStatusSchema.nullable(),
    after: controllerStatusSchema.nullable(),
  }),
  z.object({ ...base, kind: z.enum(['flag-raised', 'flag-cleared']), controller: z.string(), flag: flagCodeSchema }),
  z.object({ ...base, kind: z.literal('leader'), before: z.string().nullable(), after: z.string().nullable() }),
  // A leader change as src/reconcile/elections.ts counts it: A, none, B is one election from A to B.
  z.object({ ...base, kind: z.literal('election'), before: z.string(), after: z.string() }),
  z.object({ ...base, kind: z.literal('verdict'), before: verdictSchema.nullable(), after: verdictSchema }),
]);

export type AuditEvent = z.infer<typeof auditEventSchema>;
