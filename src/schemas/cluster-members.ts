// zod schema of GET /fabric/v1/cluster/list-members (fabric swagger clusterMemberListValue).
// Every field is the answering node's own belief, not cluster truth.
import { z } from 'zod';

export const clusterMemberSchema = z.object({
  id: z.string(),
  address: z.string(),
  voter: z.boolean(),
  leader: z.boolean(),
  version: z.string(),
  connected: z.boolean(),
  readOnly: z.boolean(),
  preferredLeader: z.boolean().optional(),
});

export const clusterMemberListSchema = z.object({ data: z.array(clusterMemberSchema) });

export type ClusterMember = z.infer<typeof clusterMemberSchema>;
