// State a back end keeps outside the store it fronts, shared by every node of a cluster
// (src/cluster/redis-state.ts implements it on Redis when REDIS_URL is set) or kept in this
// process (memoryState, the default). A back end only sees this interface: it knows nothing
// of Redis. Keys are the back end's own; values are strings it encodes itself.

export interface SharedState {
  /**
   * Records `key` for `ttlSeconds` unless it is recorded already; true when this call
   * recorded it (the first to claim it, on any node).
   */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** The value stored under `key`, or undefined. */
  get(key: string): Promise<string | undefined>;
  /**
   * Stores `value` under `key` with `version` unless a version at least as high is stored
   * (a late or repeated update never replaces a newer one); the entry expires after
   * `ttlSeconds` without a newer write.
   */
  putIfNewer(key: string, version: number, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A Map kept to `capacity` entries, evicting the least recently used. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }
}

interface Entry {
  version: number;
  value: string;
  expiresAt: number;
}

/** Entries this process's memory keeps of each kind (least recently used evicted first). */
export interface MemoryCapacity {
  /** Claims: webhook replay protection. About 130 bytes each, so 100,000 is ~13 MB. */
  claims: number;
  /** Values: a cache (the last-message index); an evicted one costs one lookup. */
  values: number;
}

const DEFAULT_CAPACITY: MemoryCapacity = { claims: 100_000, values: 10_000 };

/**
 * This process's memory, bounded without Redis' expiry: a claim evicted early is a replay
 * let through again, so claims get room for a busy day of events; values are only a cache.
 */
export function memoryState(
  capacity: Partial<MemoryCapacity> = {},
  now: () => number = Date.now,
): SharedState {
  const claims = new Lru<number>(capacity.claims ?? DEFAULT_CAPACITY.claims);
  const values = new Lru<Entry>(capacity.values ?? DEFAULT_CAPACITY.values);
  const live = (key: string) => {
    const entry = values.get(key);
    if (entry === undefined || entry.expiresAt > now()) return entry;
    values.delete(key);
    return undefined;
  };
  return {
    async claim(key, ttlSeconds) {
      const until = claims.get(key);
      if (until !== undefined && until > now()) return false;
      claims.set(key, now() + ttlSeconds * 1000);
      return true;
    },
    async get(key) {
      return live(key)?.value;
    },
    async putIfNewer(key, version, value, ttlSeconds) {
      const current = live(key);
      if (current !== undefined && current.version >= version) return;
      values.set(key, { version, value, expiresAt: now() + ttlSeconds * 1000 });
    },
    async delete(key) {
      values.delete(key);
    },
  };
}
