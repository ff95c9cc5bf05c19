// `ziti agent cluster list --pid P`: one member's raft view over its local IPC socket (no login),
// parsed from the CLI's table: ID | ADDRESS | VOTER | LEADER | VERSION | CONNECTED | PREFERRED.
import type { RunResult } from './processes.js';

export interface AgentMember {
  id: string;
  address: string;
  voter: boolean;
  leader: boolean;
  version: string;
  connected: boolean;
}

export async function agentMembers(
  cli: { ziti(args: string[], options?: { timeoutMs?: number }): Promise<RunResult> },
  pid: number,
): Promise<AgentMember[]> {
  const result = await cli.ziti(['agent', 'cluster', 'list', '--pid', String(pid)], { timeoutMs: 5000 });
  if (result.code !== 0) throw new Error(`ziti agent cluster list --pid ${pid}: ${result.stderr.trim()}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('│') && !line.includes(' ID '))
    .map((line) =>
      line
        .split('│')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .map(([id = '', address = '', voter, leader, version = '', connected]) => ({
      id,
      address,
      voter: voter === 'true',
      leader: leader === 'true',
      version,
      connected: connected === 'true',
    }));
}
