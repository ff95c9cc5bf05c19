// Scenario format of the simulated cluster: zod schema, validation with path-naming errors, file loading.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

const idSchema = z.string().min(1, 'must be a non-empty string');
const msSchema = z.number().int().min(0);

// 'authenticate' is the legacy login, 'oidc' every path under /oidc (only served in oidc mode).
export const ENDPOINT_NAMES = [
  'version',
  'controllers',
  'list-members',
  'health',
  'raft',
  'authenticate',
  'oidc',
  'inspections',
] as const;
export const endpointNameSchema = z.enum(ENDPOINT_NAMES);
export type EndpointName = z.infer<typeof endpointNameSchema>;

// A status (answered with the real error envelope), a body that is not JSON, JSON of the wrong shape,
// or a redirect to a chosen Location (another origin, to check that clients do not follow it).
export const responseFaultSchema = z.union([
  z.number().int().min(300).max(599),
  z.literal('invalid-json'),
  z.literal('wrong-shape'),
  z.strictObject({ status: z.number().int().min(300).max(399), location: z.string().min(1) }),
]);
export type ResponseFault = z.infer<typeof responseFaultSchema>;

const faultsSchema = z.strictObject({
  down: z.boolean().default(false),
  hung: z.boolean().default(false),
  latencyMs: msSchema.default(0),
  jitterMs: msSchema.default(0),
  partitionedFrom: z.union([z.literal('all'), z.array(idSchema)]).default([]),
  lagging: z.boolean().default(false),
  claimsLeadership: z.boolean().default(false),
  // partialRecord: zod 4 records over an enum are otherwise exhaustive (every key required).
  responses: z.partialRecord(z.union([endpointNameSchema, z.literal('*')]), responseFaultSchema).default({}),
});

const controllerSchema = z.strictObject({
  id: idSchema,
  name: idSchema.optional(),
  preferredLeader: z.boolean().default(false),
  version: z.string().min(1).default('v2.0.3'),
  voter: z.boolean().default(true),
  readOnly: z.boolean().default(false),
  clockSkewMs: z.number().int().default(0),
  // Its certificate's validity over plain HTTP, in ms from the simulator's start (negative: before it);
  // by default from a minute before the cluster's history starts to a year after the start. Under
  // `tls` the served certificate's own dates stand, so these are refused there.
  certNotBeforeMs: z.number().int().optional(),
  certNotAfterMs: z.number().int().optional(),
  removed: z.boolean().default(false),
  // prefault, not default: zod 4 would return a bare {} default without applying the inner defaults.
  faults: faultsSchema.prefault({}),
});

/** Which logins the controllers serve and whether the data endpoints need a credential (see README). */
export const AUTH_MODES = ['none', 'legacy', 'oidc', 'cert'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

const userSchema = z.strictObject({
  username: z.string().min(1, 'must be a non-empty string'),
  password: z.string(),
  // false: no admin rights, so list-members (admin only) is a 403 while controllers stay readable.
  admin: z.boolean().default(true),
});
export type UserSpec = z.output<typeof userSchema>;

const onNode = <A extends string>(action: A) => z.strictObject({ action: z.literal(action), node: idSchema });
const stepSchema = z.discriminatedUnion('action', [
  onNode('kill'),
  onNode('restart'),
  onNode('hang'),
  onNode('resume'),
  onNode('lag'),
  onNode('catchUp'),
  z.strictObject({ action: z.literal('partition'), node: idSchema, peers: z.array(idSchema).optional() }),
  z.strictObject({ action: z.literal('heal'), node: idSchema.optional() }),
  z.strictObject({ action: z.literal('failover') }),
  // The leader commits this many log entries that leave the controllers table alone (config writes).
  z.strictObject({ action: z.literal('write'), entries: z.number().int().min(1).max(1_000_000) }),
  // ziti agent cluster transfer-leadership [node]
  z.strictObject({ action: z.literal('transferLeadership'), node: idSchema.optional() }),
]);
export type Step = z.output<typeof stepSchema>;

const baseSchema = z.strictObject({
  name: z.string().default('unnamed'),
  controllers: z.array(controllerSchema).min(1).optional(),
  nodes: z.number().int().min(1).max(1000).optional(),
  leader: idSchema.optional(),
  fullMesh: z.boolean().default(false),
  // null: never on a timer (elections only through failover(); the stale leader never steps down; ...).
  electionTimeoutMs: msSchema.nullable().default(5000),
  leaderLeaseTimeoutMs: msSchema.nullable().default(3000),
  closeUnresponsiveTimeoutMs: msSchema.nullable().default(30000),
  // A flapping cluster: every leader hands over to the next voter this long after taking over; null: never.
  leaderTransferEveryMs: z.number().int().min(1).nullable().default(null),
  pageLimitMax: z.number().int().min(1).default(500),
  // false: no web listener binds the health-checks API (the HA quickstart's config): 404 there, and no
  // health-checks entry in apiAddresses or apiVersions.
  healthChecks: z.boolean().default(true),
  // Back-dates the cluster's history (createdAt, first lastJoinedAt) so later joins are visibly newer.
  startedAgoMs: msSchema.default(0),
  steps: z.array(stepSchema).default([]),
  auth: z.enum(AUTH_MODES).default('none'),
  users: z
    .array(userSchema)
    .min(1)
    .default(() => [{ username: 'admin', password: 'admin', admin: true }]),
  // Access tokens and legacy sessions (idle timeout); the controller defaults are 30 min and 24 h.
  tokenTtlMs: z.number().int().min(1).default(1_800_000),
  refreshTtlMs: z.number().int().min(1).default(86_400_000),
  // true: a legacy zt-session minted by one controller is valid on all (false models a 1.x cluster).
  sharedSessions: z.boolean().default(false),
});

type Base = z.output<typeof baseSchema>;
export type ControllerSpec = z.output<typeof controllerSchema> & { name: string };

/** Expands `nodes: N` into ctrl1..ctrlN (ctrl1 preferred leader) and resolves the default leader. */
function normalize(
  base: Base,
): Omit<Base, 'controllers' | 'nodes' | 'leader'> & { controllers: ControllerSpec[]; leader: string } {
  const { nodes, controllers: given, leader, ...rest } = base;
  const raw =
    given ??
    Array.from({ length: nodes ?? 0 }, (_, i) =>
      controllerSchema.parse({ id: `ctrl${i + 1}`, preferredLeader: i === 0 }),
    );
  const controllers = raw.map((c) => ({ ...c, name: c.name ?? c.id }));
  const members = controllers.filter((c) => !c.removed && c.voter);
  const chosen = leader ?? members.find((c) => c.preferredLeader)?.id ?? members[0]?.id ?? '';
  return { ...rest, controllers, leader: chosen };
}

/** Cross-field rules that zod's per-field schema cannot express; each issue names its path. */
function checkReferences(base: Base, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if ((base.controllers === undefined) === (base.nodes === undefined)) {
    issue([], 'exactly one of "controllers" or "nodes" is required');
    return;
  }
  const { controllers } = normalize(base);
  const seen = new Set<string>();
  controllers.forEach((c, i) => {
    if (seen.has(c.id)) issue(['controllers', i, 'id'], `duplicate controller id "${c.id}"`);
    seen.add(c.id);
  });
  const live = new Set(controllers.filter((c) => !c.removed).map((c) => c.id));
  const voters = controllers.filter((c) => !c.removed && c.voter);
  if (live.size === 0) issue(['controllers'], 'at least one controller must not be removed');
  else if (voters.length === 0) issue(['controllers'], 'at least one non-removed controller must be a voter');
  if (controllers.filter((c) => !c.removed && c.preferredLeader).length > 1)
    issue(['controllers'], 'at most one controller can be the preferred leader');
  if (base.leader !== undefined && !voters.some((c) => c.id === base.leader)) {
    issue(['leader'], `"${base.leader}" is not a non-removed voting controller`);
  }
  const known = (path: (string | number)[], id: string) => {
    if (!live.has(id)) issue(path, `"${id}" is not a non-removed controller`);
  };
  for (const [i, c] of controllers.entries()) {
    const { certNotBeforeMs: validFrom, certNotAfterMs: validTo } = c;
    if (validFrom !== undefined && validTo !== undefined && validTo <= validFrom)
      issue(['controllers', i, 'certNotAfterMs'], 'must be later than certNotBeforeMs');
    const from = c.faults.partitionedFrom;
    if (Array.isArray(from)) {
      for (const [j, p] of from.entries()) known(['controllers', i, 'faults', 'partitionedFrom', j], p);
    }
  }
  const usernames = new Set<string>();
  for (const [i, u] of base.users.entries()) {
    if (usernames.has(u.username)) issue(['users', i, 'username'], `duplicate username "${u.username}"`);
    usernames.add(u.username);
  }
  for (const [i, s] of base.steps.entries()) {
    if ('node' in s && s.node !== undefined) known(['steps', i, 'node'], s.node);
    if (s.action === 'partition') for (const [j, p] of (s.peers ?? []).entries()) known(['steps', i, 'peers', j], p);
  }
}

const scenarioSchema = baseSchema.superRefine(checkReferences).transform(normalize);

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** Validates a scenario object; throws ScenarioError naming every bad field path. */
export function parseScenario(input: unknown): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const message =
      i.code === 'unrecognized_keys'
        ? `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`
        : i.message;
    return `${formatPath(i.path) || '(root)'}: ${message}`;
  });
  throw new ScenarioError(`invalid scenario: ${problems.join('; ')}`);
}

/** Reads and validates a JSON scenario file; every failure is a ScenarioError naming the file. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ScenarioError(`cannot read scenario file ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError(`scenario file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return parseScenario(json);
  } catch (err) {
    throw new ScenarioError(`scenario file ${path}: ${(err as Error).message}`);
  }
}
