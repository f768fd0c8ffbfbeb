// Many requests asking the same kind of small read (the pay page's fingerprint) share
// statements: while one read is in flight, the keys asked for meanwhile wait and are then read
// together by the next statement. A request is never answered by a statement that was sent
// before it arrived, so it sees every commit that finished before it came, exactly as if it
// had asked alone: what is saved is the round trips, not freshness.

interface Waiter<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}

export class SharedReads<V> {
  private waiting = new Map<string, Waiter<V>[]>();
  private reading = false;

  /**
   * `read` answers a batch of distinct keys with the values found (a key it does not answer
   * is undefined); `maxKeys` bounds one statement's list.
   */
  constructor(
    private readonly read: (keys: string[]) => Promise<Map<string, V>>,
    private readonly maxKeys = 200,
  ) {}

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.reading) void this.readWaiting();
    });
  }

  private async readWaiting(): Promise<void> {
    this.reading = true;
    while (this.waiting.size > 0) {
      const batch = new Map<string, Waiter<V>[]>();
      for (const [key, waiters] of this.waiting) {
        if (batch.size === this.maxKeys) break;
        batch.set(key, waiters);
      }
      for (const key of batch.keys()) this.waiting.delete(key);
      try {
        const found = await this.read([...batch.keys()]);
        for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(key));
      } catch (error) {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.reading = false;
  }
}
