// zod schemas of GET /edge/management/v1/controllers (edge-api controllers.yml + base-entity.yml).
// Unknown fields pass through untouched; only the fields ziti-status reads are checked.
import { z } from 'zod';

export const apiAddressSchema = z.object({ url: z.string(), version: z.string().optional() });

export const controllerDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  isOnline: z.boolean(),
  // Declared non-nullable in the spec, but real controllers send null for "never joined".
  lastJoinedAt: z.string().nullable(),
  fingerprint: z.string(),
  certPem: z.string(),
  ctrlAddress: z.string().nullish(),
  // Omitted by the server when false (v2.0+), absent entirely on v1.4-v1.7.
  isPreferredLeader: z.boolean().optional(),
  apiAddresses: z.record(z.string(), z.array(apiAddressSchema)).nullish(),
});

export const paginationSchema = z.object({
  limit: z.number(),
  offset: z.number(),
  totalCount: z.number(),
});

export const listControllersEnvelopeSchema = z.object({
  data: z.array(controllerDetailSchema),
  meta: z.object({ pagination: paginationSchema }),
});

export type ControllerDetail = z.infer<typeof controllerDetailSchema>;
export type ListControllersEnvelope = z.infer<typeof listControllersEnvelopeSchema>;
