// The in-process SharedState (no REDIS_URL): claims once until their TTL, versioned values
// never replaced by an older version, both bounded by count. The Redis one is checked across
// two nodes in test/cluster/shared-state.test.ts.
import { describe, expect, it } from 'vitest';
import { memoryState } from './cross-node-state.ts';

describe('memoryState', () => {
  it('grants a claim once, and again after its TTL', async () => {
    let now = 0;
    const state = memoryState({ claims: 10, values: 10 }, () => now);
    expect(await state.claim('a', 60)).toBe(true);
    expect(await state.claim('a', 60)).toBe(false);
    now = 60_001;
    expect(await state.claim('a', 60)).toBe(true);
  });

  it('keeps the highest version, forgets on delete and after the TTL', async () => {
    let now = 0;
    const state = memoryState({ claims: 10, values: 10 }, () => now);
    await state.putIfNewer('k', 2, 'two', 60);
    await state.putIfNewer('k', 1, 'one', 60);
    await state.putIfNewer('k', 2, 'two again', 60);
    expect(await state.get('k')).toBe('two');
    await state.putIfNewer('k', 3, 'three', 60);
    expect(await state.get('k')).toBe('three');
    await state.delete('k');
    expect(await state.get('k')).toBeUndefined();
    await state.putIfNewer('k', 1, 'one', 60);
    now = 60_001;
    expect(await state.get('k')).toBeUndefined();
  });

  it('keeps at most `capacity.values` values, evicting the least recently used', async () => {
    const state = memoryState({ values: 2 });
    await state.putIfNewer('a', 0, 'A', 60);
    await state.putIfNewer('b', 0, 'B', 60);
    expect(await state.get('a')).toBe('A');
    await state.putIfNewer('c', 0, 'C', 60);
    expect(await state.get('b')).toBeUndefined();
    expect(await state.get('a')).toBe('A');
    expect(await state.get('c')).toBe('C');
  });

  it('keeps at most `capacity.claims` claims, evicting the oldest: its SID may be claimed again', async () => {
    const state = memoryState({ claims: 2 });
    expect(await state.claim('a', 60)).toBe(true);
    expect(await state.claim('b', 60)).toBe(true);
    expect(await state.claim('c', 60)).toBe(true);
    expect(await state.claim('b', 60)).toBe(false);
    expect(await state.claim('a', 60)).toBe(true);
  });

  it('has room for 100,000 claims by default', async () => {
    const state = memoryState();
    for (let i = 0; i < 100_000; i++) await state.claim(`IM${i}`, 60);
    expect(await state.claim('IM0', 60)).toBe(false);
  });
});
