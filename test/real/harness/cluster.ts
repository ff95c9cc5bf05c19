// A real OpenZiti v2.0.3 controller cluster on loopback, started as the HA quickstart starts one
// (docs/real-cluster.md): free ports, one temp home and one ZITI_CONFIG_DIR per cluster, members
// joined only once the first one leads. Every process it starts is ended by its PID in close(),
// and a watchdog process ends them if the test process dies first.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentMembers, type AgentMember } from './agent.js';
import { getJson, storedAccessToken } from './rest.js';
import {
  endProcess,
  freePorts,
  isRunning,
  killProcess,
  run,
  startLogged,
  type RunResult,
  type Started,
} from './processes.js';
import { waitUntil } from './wait.js';

export const USERNAME = 'admin';
export const PASSWORD = 'admin';
const REAPER = fileURLToPath(new URL('./reaper.mjs', import.meta.url));

export interface ClusterOptions {
  nodes: number;
  /** Ids joined with --non-voting. */
  nonVoting?: string[];
  trustDomain?: string;
}

interface Node {
  id: string;
  port: number;
  process: Started | null;
}

export class RealCluster {
  private readonly nodes = new Map<string, Node>();
  private reaper: Started | null = null;

  private constructor(
    readonly zitiBin: string,
    /** Everything of this cluster: the quickstart home, the CLI's config, logs, the user's HOME. */
    readonly dir: string,
    readonly trustDomain: string,
  ) {}

  static async start(options: ClusterOptions): Promise<RealCluster> {
    const zitiBin = process.env.ZITI_BIN;
    if (!zitiBin) throw new Error('ZITI_BIN is not set: run the real tier with `npm run test:real`');
    const cluster = new RealCluster(
      zitiBin,
      mkdtempSync(join(tmpdir(), 'ziti-status-real-')),
      options.trustDomain ?? 'zs-test',
    );
    try {
      await cluster.boot(options);
    } catch (err) {
      const logs = [...cluster.nodes.keys()].map((id) => `--- ${id}.log (tail)\n${cluster.logTail(id)}`).join('\n');
      await cluster.close();
      throw new Error(`${(err as Error).message}\n${logs}`);
    }
    return cluster;
  }

  get home(): string {
    return join(this.dir, 'home');
  }

  /** The root CA every controller's chain ends in: what `--ca` takes. */
  get caFile(): string {
    return join(this.home, 'pki/root-ca/certs/root-ca.cert');
  }

  /** The environment of a user of this cluster: the `ziti` CLI's config dir and an empty HOME. */
  get env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '',
      HOME: join(this.dir, 'user'),
      ZITI_CONFIG_DIR: join(this.dir, 'cli'),
      XDG_CONFIG_HOME: join(this.dir, 'user/.config'),
      XDG_CACHE_HOME: join(this.dir, 'user/.cache'),
    };
  }

  get ids(): string[] {
    return [...this.nodes.keys()];
  }

  url(id: string): string {
    return `https://127.0.0.1:${this.node(id).port}`;
  }

  pid(id: string): number {
    const started = this.node(id).process;
    if (started === null || !isRunning(started)) throw new Error(`${id} is not running`);
    return started.pid;
  }

  isRunning(id: string): boolean {
    const started = this.node(id).process;
    return started !== null && isRunning(started);
  }

  /** SIGSTOP: the kernel still accepts TCP connections, but the TLS handshake never completes. */
  hang(id: string): void {
    process.kill(this.pid(id), 'SIGSTOP');
  }

  resume(id: string): void {
    process.kill(this.pid(id), 'SIGCONT');
  }

  async kill(id: string): Promise<void> {
    const started = this.node(id).process;
    if (started !== null) await killProcess(started);
  }

  /** Starts a stopped member again from the config its quickstart wrote, and waits for its API. */
  async restart(id: string): Promise<void> {
    const node = this.node(id);
    if (node.process !== null && isRunning(node.process)) throw new Error(`${id} is still running`);
    node.process = this.spawnZiti(id, ['controller', 'run', join(this.home, id, 'ctrl.yaml')]);
    await waitUntil(`${id} answers after its restart`, 60_000, () => this.answers(id));
  }

  /** The `ziti` CLI as this cluster's user runs it. */
  ziti(args: string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<RunResult> {
    return run(this.zitiBin, args, this.env, options);
  }

  /**
   * `ziti agent cluster list` of one member: its own raft view, over IPC, no login. It blocks
   * while any peer is hung (SIGSTOP), so after boot the harness asks the REST API instead.
   */
  members(id: string): Promise<AgentMember[]> {
    return agentMembers(this, this.pid(id));
  }

  /** Who `id` believes leads, or null: its REST list-members, with the stored login's token. */
  async leaderSeenBy(id: string): Promise<string | null> {
    const members = await getJson<{ data: { id: string; leader: boolean }[] }>(
      this.url(id),
      '/fabric/v1/cluster/list-members',
      this.caFile,
      storedAccessToken(this.env),
    ).catch(() => null);
    return members?.data.find((m) => m.leader)?.id ?? null;
  }

  logTail(id: string, lines = 15): string {
    try {
      return readFileSync(join(this.dir, `${id}.log`), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((n) => (n.process === null ? undefined : endProcess(n.process))));
    if (this.reaper !== null) await endProcess(this.reaper, 1000);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private node(id: string): Node {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no controller ${id} in this cluster`);
    return node;
  }

  private async boot(options: ClusterOptions): Promise<void> {
    for (const sub of ['home', 'cli', 'user/.config', 'user/.cache'])
      mkdirSync(join(this.dir, sub), { recursive: true });
    writeFileSync(this.pidFile, '');
    this.reaper = startLogged(
      process.execPath,
      [REAPER, String(process.pid), this.pidFile, this.dir],
      { PATH: process.env.PATH ?? '' },
      join(this.dir, 'reaper.log'),
      join(this.dir, 'reaper.pid'),
    );
    this.reaper.child.unref();
    const ports = await freePorts(options.nodes);
    for (const [i, port] of ports.entries()) {
      const id = `ctrl${i + 1}`;
      this.nodes.set(id, { id, port, process: null });
    }
    const [first, ...others] = this.ids as [string, ...string[]];
    this.node(first).process = this.spawnZiti(first, ['edge', 'quickstart', ...this.quickstartArgs(first)]);
    // A join started before the first member leads fails with CLUSTER_NO_LEADER and exits.
    await waitUntil(`${first} leads`, 60_000, async () =>
      (await this.members(first).catch(() => [])).some((m) => m.id === first && m.leader),
    );
    for (const id of others) {
      const voting = options.nonVoting?.includes(id) ? ['--non-voting'] : [];
      const join = [
        'edge',
        'quickstart',
        'join',
        ...this.quickstartArgs(id),
        '--cluster-member',
        `tls:127.0.0.1:${this.node(first).port}`,
        ...voting,
      ];
      this.node(id).process = this.spawnZiti(id, join);
      // One join at a time: two members joining at once race for the controllers table, and one
      // of them can end up with no row at all ("name must be unique" in the leader's log).
      await waitUntil(`${id} joined and connected`, 60_000, async () => {
        const members = await this.members(first).catch(() => []);
        return members.some((m) => m.id === id && m.connected);
      });
    }
    await waitUntil('every member answers its API', 30_000, async () =>
      (await Promise.all(this.ids.map((id) => this.answers(id)))).every(Boolean),
    );
    // The default identity logs in at the first member (what a user does); one more identity per
    // member, named by its id, lets the comparison ask `ziti fabric list controllers` of any one.
    await this.zitiLogin(first, []);
    for (const id of this.ids) await this.zitiLogin(id, ['-i', id]);
    await waitUntil("the leader's controllers table has every member online", 30_000, async () => {
      const table = await getJson<{ data: { id: string; isOnline: boolean }[] }>(
        this.url(first),
        '/edge/management/v1/controllers?limit=100',
        this.caFile,
        storedAccessToken(this.env),
      ).catch(() => null);
      return table !== null && this.ids.every((id) => table.data.some((r) => r.id === id && r.isOnline));
    });
  }

  /**
   * A member that has just joined answers its API before it has applied the admin's authenticator
   * from the leader's log ("authenticator lookup returned nil", a 401): its login is retried until
   * replication catches up, within a bound.
   */
  private async zitiLogin(id: string, identity: string[]): Promise<void> {
    const args = [
      'edge',
      'login',
      `127.0.0.1:${this.node(id).port}`,
      '-u',
      USERNAME,
      '-p',
      PASSWORD,
      '-y',
      ...identity,
    ];
    let last = '';
    await waitUntil(
      `ziti edge login at ${id} succeeds`,
      30_000,
      async () => {
        const login = await this.ziti(args);
        last = login.stderr || login.stdout;
        return login.code === 0;
      },
      250,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${last}`);
    });
  }

  private quickstartArgs(id: string): string[] {
    const port = String(this.node(id).port);
    return [
      '--instance-id',
      id,
      '--ctrl-port',
      port,
      '--ctrl-address',
      '127.0.0.1',
      '--home',
      this.home,
      '--trust-domain',
      this.trustDomain,
      '--no-router',
      '--username',
      USERNAME,
      '--password',
      PASSWORD,
    ];
  }

  private spawnZiti(id: string, args: string[]): Started {
    const started = startLogged(this.zitiBin, args, this.env, join(this.dir, `${id}.log`), this.pidFile);
    started.child.on('error', () => {});
    return started;
  }

  private get pidFile(): string {
    return join(this.dir, 'pids');
  }

  /** Whether the member's unauthenticated /version answers over TLS. */
  private answers(id: string): Promise<boolean> {
    return getJson(this.url(id), '/edge/management/v1/version', this.caFile, null).then(
      () => true,
      () => false,
    );
  }
}
