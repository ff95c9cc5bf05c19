// zod schemas of GET /health-checks and GET /health-checks/controller/raft (no auth).
import { z } from 'zod';

export const healthCheckSchema = z.object({
  id: z.string(),
  healthy: z.boolean(),
  err: z.string().optional(),
});

export const healthSchema = z.object({
  data: z.object({ healthy: z.boolean(), checks: z.array(healthCheckSchema) }),
});

// The raft variant answers 200 on the leader and 429 on a follower; the role is read from the
// parsed body, never from the status code, so a rate limiter's 429 is not mistaken for "follower".
export const raftHealthSchema = healthSchema.extend({
  raft: z.object({ isRaftEnabled: z.boolean(), isLeader: z.boolean() }),
});

export type Health = z.infer<typeof healthSchema>;
export type RaftHealth = z.infer<typeof raftHealthSchema>;
