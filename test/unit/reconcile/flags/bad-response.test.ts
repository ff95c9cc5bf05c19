// The `bad-response` flag (docs/design.md section 3 rule 6): it answered with content that
// cannot be used, or with an id or name that could drive a terminal.
import { describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../../src/reconcile.js';
import {
  byId,
  codes,
  failed,
  healthyEvidence,
  IDS as ids,
  NOW,
  row,
  signals,
  target,
  withSignals,
} from '../../../helpers/evidence.js';

describe('bad-response', () => {
  it('invalid JSON on one endpoint: bad-response naming it, still online', () => {
    const view = reconcile(
      withSignals(healthyEvidence(), 'ctrl2', {
        version: failed('invalid-json', 'invalid JSON on /edge/management/v1/version: Unexpected token', 200),
      }),
      NOW,
    );
    expect(byId(view.controllers, 'ctrl2')).toMatchObject({
      status: 'online',
      flags: [{ code: 'bad-response', message: expect.stringMatching(/version/) }],
    });
    expect(view.cluster.verdict).toBe('degraded');
  });

  it('a redirect is a bad-response, never followed', () => {
    const view = reconcile(
      withSignals(healthyEvidence(), 'ctrl2', { replica: failed('redirect', 'HTTP 302 redirect on /x', 302) }),
      NOW,
    );
    expect(codes(view.controllers, 'ctrl2')).toEqual(['bad-response']);
  });

  it('a name holding a terminal escape: bad-response, the name kept exact in the row', () => {
    const rows = ids.map((id) => row(id, true, id === 'ctrl2' ? { name: 'ctrl2\u001b[2J' } : {}));
    const view = reconcile(
      { targets: ids.map((id) => target(id, signals(id, ids, 'ctrl1', rows))), unpolled: [] },
      NOW,
    );
    expect(byId(view.controllers, 'ctrl2')).toMatchObject({
      name: 'ctrl2\u001b[2J',
      flags: [
        {
          code: 'bad-response',
          message:
            'its name holds terminal escape sequences (U+001B): shown neutralised in table and plain ' +
            'output, exact in JSON',
        },
      ],
    });
  });
});
