// The pay page's fingerprint reads are shared between the views that wait at the same time
// (issue 11). Sharing must never answer a view with a read sent before the view arrived: that
// read could miss a payment committed just before the view.
import { describe, expect, it } from 'vitest';
import { SharedReads } from '../../src/db/shared-reads.js';

/** A read whose statements are answered by hand, one at a time, recording what each asked. */
function manualRead() {
  const statements: { keys: string[]; answer: (values: Record<string, number>) => void; fail: (error: Error) => void }[] = [];
  const read = (keys: string[]) =>
    new Promise<Map<string, number>>((resolve, reject) => {
      statements.push({ keys, answer: (values) => resolve(new Map(Object.entries(values))), fail: reject });
    });
  return { statements, read };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('shared reads', () => {
  it('reads a lone key at once, in a statement of its own', async () => {
    const { statements, read } = manualRead();
    const reads = new SharedReads(read);
    const value = reads.get('a');
    expect(statements.map((s) => s.keys)).toEqual([['a']]);
    statements[0]!.answer({ a: 1 });
    expect(await value).toBe(1);
  });

  it('never answers a key asked while a statement was in flight with that statement', async () => {
    const { statements, read } = manualRead();
    const reads = new SharedReads(read);
    const before = reads.get('a');
    const after = reads.get('a');
    // The first statement was sent before the second request: its answer (1, the old state)
    // is for the first request only; the second waits for a statement sent after it came.
    statements[0]!.answer({ a: 1 });
    expect(await before).toBe(1);
    await settle();
    expect(statements.map((s) => s.keys)).toEqual([['a'], ['a']]);
    statements[1]!.answer({ a: 2 });
    expect(await after).toBe(2);
  });

  it('reads everything asked meanwhile in one next statement, each key once', async () => {
    const { statements, read } = manualRead();
    const reads = new SharedReads(read);
    const first = reads.get('a');
    const waiting = [reads.get('b'), reads.get('c'), reads.get('b'), reads.get('unknown')];
    statements[0]!.answer({ a: 1 });
    await first;
    await settle();
    expect(statements).toHaveLength(2);
    expect(statements[1]!.keys).toEqual(['b', 'c', 'unknown']);
    statements[1]!.answer({ b: 2, c: 3 });
    expect(await Promise.all(waiting)).toEqual([2, 3, 2, undefined]);
  });

  it('splits a long queue into statements of at most maxKeys keys', async () => {
    const { statements, read } = manualRead();
    const reads = new SharedReads(read, 2);
    const first = reads.get('x');
    const rest = ['a', 'b', 'c'].map((key) => reads.get(key));
    statements[0]!.answer({});
    await first;
    await settle();
    statements[1]!.answer({ a: 1, b: 2 });
    await settle();
    statements[2]!.answer({ c: 3 });
    expect(await Promise.all(rest)).toEqual([1, 2, 3]);
    expect(statements.map((s) => s.keys)).toEqual([['x'], ['a', 'b'], ['c']]);
  });

  it('passes a failed statement to the requests it served and goes on for the others', async () => {
    const { statements, read } = manualRead();
    const reads = new SharedReads(read);
    const failing = reads.get('a');
    const next = reads.get('b');
    statements[0]!.fail(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await settle();
    statements[1]!.answer({ b: 2 });
    expect(await next).toBe(2);
    // A later request starts a statement again.
    const later = reads.get('c');
    expect(statements).toHaveLength(3);
    statements[2]!.answer({ c: 3 });
    expect(await later).toBe(3);
  });
});
