// Where a replica row says its controller is: the origins, edge-management first, and the reuse of
// an earlier row's answer only when that row published exactly the same URLs in the same order.
import { describe, expect, it } from '@jest/globals';
import { addressesOf, originKey, originOf } from '../../src/addresses.js';
import { Memo } from '../../src/memo.js';
import type { ControllerDetail } from '../../src/schemas/controllers.js';

let serial = 0;
function row(id: string, apiAddresses: ControllerDetail['apiAddresses']): ControllerDetail {
  serial++;
  return {
    id,
    name: id,
    createdAt: '',
    updatedAt: '',
    isOnline: true,
    lastJoinedAt: null,
    fingerprint: `fp${serial}`,
    certPem: '',
    apiAddresses,
  };
}
const at = (...urls: string[]) => urls.map((url) => ({ url, version: 'v1' }));

describe('addressesOf', () => {
  it('lists http(s) origins once each, edge-management first, other schemes and junk left out', () => {
    const r = row('a1', {
      fabric: at('https://f.example:1280/fabric'),
      'edge-management': at('https://m.example:1280/edge/management/v1', 'tls:x:1'),
      edge: at('not a url', 'https://m.example:1280/x'),
    });
    expect(addressesOf(new Memo(), r)).toEqual(['https://m.example:1280', 'https://f.example:1280']);
  });

  it('gives a later row of the same id with the same URLs the same origins, the very list the first row got', () => {
    const memo = new Memo();
    const first = row('a2', { 'edge-management': at('https://a2.example:1280') });
    const again = row('a2', { 'edge-management': at('https://a2.example:1280') });
    expect(addressesOf(memo, again)).toEqual(addressesOf(memo, first));
    expect(addressesOf(memo, row('a2', { 'edge-management': at('https://a2.example:1280') }))).toBe(
      addressesOf(memo, first),
    );
  });

  it('works out a later row anew when its URLs, their order or its APIs differ', () => {
    const memo = new Memo();
    addressesOf(
      memo,
      row('a3', { 'edge-management': at('https://old.example:1280'), fabric: at('https://fab.example:1280') }),
    );
    expect(
      addressesOf(
        memo,
        row('a3', { 'edge-management': at('https://new.example:1280'), fabric: at('https://fab.example:1280') }),
      ),
    ).toEqual(['https://new.example:1280', 'https://fab.example:1280']);
    addressesOf(
      memo,
      row('a3', {
        'edge-management': at('https://new.example:1280'),
        a: at('https://a.example:1280'),
        b: at('https://b.example:1280'),
      }),
    );
    expect(
      addressesOf(
        memo,
        row('a3', {
          'edge-management': at('https://new.example:1280'),
          b: at('https://b.example:1280'),
          a: at('https://a.example:1280'),
        }),
      ),
    ).toEqual(['https://new.example:1280', 'https://b.example:1280', 'https://a.example:1280']);
    expect(
      addressesOf(
        memo,
        row('a3', { 'edge-management': at('https://new.example:1280', 'https://second.example:1280') }),
      ),
    ).toEqual(['https://new.example:1280', 'https://second.example:1280']);
    expect(addressesOf(memo, row('a3', null))).toEqual([]);
    expect(addressesOf(memo, row('a3', { 'edge-management': at('https://back.example:1280') }))).toEqual([
      'https://back.example:1280',
    ]);
  });

  it('keeps what one memo saw out of another: two runs share nothing', () => {
    const first = new Memo();
    const second = new Memo();
    const earlier = row('a4', { 'edge-management': at('https://a4.example:1280') });
    addressesOf(first, earlier);
    const later = row('a4', { 'edge-management': at('https://a4.example:1280') });
    expect(addressesOf(second, later)).not.toBe(addressesOf(first, earlier));
    expect(addressesOf(second, later)).toEqual(addressesOf(first, earlier));
    expect(second.lastRowById.get('a4')).toBe(later);
    expect(first.lastRowById.get('a4')).toBe(earlier);
  });

  it('treats localhost and 127.0.0.1 as one address, and keeps other hosts apart', () => {
    const memo = new Memo();
    expect(originKey(memo, 'http://localhost:1280')).toBe(originKey(memo, 'http://127.0.0.1:1280'));
    expect(originKey(memo, 'https://a.example:1280')).not.toBe(originKey(memo, 'https://b.example:1280'));
    expect(originOf(memo, 'ftp://a.example')).toBeNull();
  });
});
