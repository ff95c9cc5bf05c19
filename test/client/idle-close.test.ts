// An https origin's connection is closed after IDLE_MS without a request (src/client/idle-close.ts),
// before the controller's own idle timeout (5 s by default) can cross a poll's first request.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { IDLE_MS, IdleClose } from '../../src/client/idle-close.js';

const A = 'https://ctrl1.example:1280';
const B = 'https://ctrl2.example:1280';

describe('IdleClose', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('closes an origin IDLE_MS after its last request ends, not before, and each origin on its own', () => {
    const closed: string[] = [];
    const idle = new IdleClose((origin) => closed.push(origin));
    idle.begin(A);
    idle.begin(A);
    idle.begin(B);
    idle.end(A);
    idle.end(B);
    jest.advanceTimersByTime(IDLE_MS * 2);
    expect(closed).toEqual([B]); // A still has a request in flight
    idle.end(A);
    jest.advanceTimersByTime(IDLE_MS - 1);
    expect(closed).toEqual([B]);
    jest.advanceTimersByTime(1);
    expect(closed).toEqual([B, A]);
  });

  it('a request that starts during the idle wait keeps the connection', () => {
    const closed: string[] = [];
    const idle = new IdleClose((origin) => closed.push(origin));
    idle.begin(A);
    idle.end(A);
    jest.advanceTimersByTime(IDLE_MS - 1);
    idle.begin(A);
    jest.advanceTimersByTime(IDLE_MS * 3);
    expect(closed).toEqual([]);
    idle.end(A);
    idle.dispose();
    jest.advanceTimersByTime(IDLE_MS * 3);
    expect(closed).toEqual([]);
  });

  it('is shorter than a controller web listener idleTimeout default (5000 ms)', () => {
    expect(IDLE_MS).toBeLessThan(5000);
  });
});
