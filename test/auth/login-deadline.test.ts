// A login runs under the deadline of the poll that needed it: watch mode's polls each have their
// own, on one long-lived client, and a login to a hung controller must not outlive its poll.
import { describe, expect, it } from '@jest/globals';
import { Authenticator } from '../../src/client/auth/authenticator.js';
import { startDeadline } from '../../src/client/deadline.js';
import { createHttpClient } from '../../src/client/http-client.js';
import { Secret } from '../../src/secret.js';
import { ControllerPoller } from '../../src/watch/poller.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster();
const PASSWORD = 'S3cret-Passw0rd-XYZ';
const users = [{ username: 'admin', password: PASSWORD, admin: true }];

describe('logins in watch mode', () => {
  it('a login to a hung controller ends with its poll, and the next poll logs in once it answers again', async () => {
    const c = await start({ nodes: 1, auth: 'oidc', users });
    // The session's own client never times out, as in watch mode: only each poll's deadline can.
    const base = startDeadline(2 ** 31 - 1);
    const client = createHttpClient({ deadline: base });
    const auth = new Authenticator(
      { kind: 'password', username: 'admin', password: new Secret(PASSWORD, 'test'), method: 'auto' },
      () => new Date(),
    );
    const poller = new ControllerPoller(new URL(c.url('ctrl1')).origin, 'given', undefined);
    try {
      c.hang('ctrl1');
      const hung = await poller.poll(client, auth, 500);
      expect(hung.finishedAt - hung.startedAt).toBeLessThan(800);
      expect(hung.signals.replica.ok).toBe(false);

      c.resume('ctrl1');
      const answered = await poller.poll(client, auth, 2000);
      expect(answered.signals.replica.ok).toBe(true);
      expect(answered.signals.members.ok).toBe(true);
      expect(c.authStats()).toMatchObject({ logins: 1, codeGrants: 1 });
    } finally {
      base.dispose();
      await client.close();
    }
  });
});
