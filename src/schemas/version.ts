// zod schema of GET /edge/management/v1/version (no auth); capabilities tell OIDC and HA apart.
import { z } from 'zod';

export const versionEnvelopeSchema = z.object({
  data: z.object({
    version: z.string().optional(),
    revision: z.string().optional(),
    capabilities: z.array(z.string()).optional(),
  }),
});

export type VersionInfo = z.infer<typeof versionEnvelopeSchema>['data'];
