// The booking's statements are fixed text with numbered parameters (db/fixed-sql.ts, issue 11).
// These check the rendering and that both drivers run such a statement in and out of a
// transaction with the values and types the booking relies on.
import { describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/client.js';
import { compile, fixed, listOf, nothing, raw, runFixed } from '../../src/db/fixed-sql.js';
import { testDatabase } from '../helpers/database.js';

const lineFragment = (account: string) => fixed`account = ${account}`;

describe('fixed statements', () => {
  it('numbers parameters across nested fragments and writes raw names as they are', () => {
    const statement = fixed`select ${raw('entry.id')} from t where a = ${1} and ${lineFragment('1029')} and b = ${'x'}${nothing}`;
    expect(compile(statement)).toEqual({ text: 'select entry.id from t where a = $1 and account = $2 and b = $3', params: [1, '1029', 'x'] });
  });

  it('renders each shape once and keeps different shapes of one call site apart', () => {
    const at = (withFilter: boolean, value: number) => fixed`select 1 where x = ${value}${withFilter ? fixed` and y = ${value + 1}` : nothing}`;
    expect(compile(at(false, 5))).toEqual({ text: 'select 1 where x = $1', params: [5] });
    expect(compile(at(true, 5))).toEqual({ text: 'select 1 where x = $1 and y = $2', params: [5, 6] });
    expect(compile(at(false, 7))).toEqual({ text: 'select 1 where x = $1', params: [7] });
    const named = (name: string) => fixed`select 1 from ${raw(name)}`;
    expect(compile(named('a')).text).toBe('select 1 from a');
    expect(compile(named('b')).text).toBe('select 1 from b');
  });

  it('runs on the database and in a transaction, with arrays, nulls and quotes as values', async () => {
    const { db } = await testDatabase();
    const text = "it's; drop table x --";
    const [row] = await runFixed<{ n: string | number; t: string; none: string | null; total: string | number }>(
      db,
      fixed`select ${42}::bigint as n, ${text}::text as t, ${null}::text as none, (select sum(v) from unnest(${[1, 2, 3]}::bigint[]) v) as total`,
    );
    expect(Number(row!.n)).toBe(42);
    expect(row!.t).toBe(text);
    expect(row!.none).toBeNull();
    expect(Number(row!.total)).toBe(6);
    const inside = await withTransaction(db, async (tx) => {
      await runFixed(tx, fixed`create temporary table fixed_probe (v integer) on commit drop`);
      await runFixed(tx, fixed`insert into fixed_probe select unnest(${[4, 5]}::integer[])`);
      return runFixed<{ v: number }>(tx, fixed`select v from fixed_probe order by v`);
    });
    expect(inside.map((r) => r.v)).toEqual([4, 5]);
  });

  it('rolls back with its transaction', async () => {
    const { db } = await testDatabase();
    await runFixed(db, fixed`create table if not exists fixed_rollback_probe (v text)`);
    const marker = `m-${Date.now()}-${Math.random()}`;
    await expect(
      withTransaction(db, async (tx) => {
        await runFixed(tx, fixed`insert into fixed_rollback_probe values (${marker})`);
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect(await runFixed(db, fixed`select v from fixed_rollback_probe where v = ${marker}`)).toEqual([]);
  });

  it('passes a list as one text, which any driver sends (Workers run postgres.js without array types)', async () => {
    const { db } = await testDatabase();
    const [row] = await runFixed<{ total: string | number; accounts: string }>(
      db,
      fixed`select (select sum(v) from unnest(string_to_array(${listOf([10000, -2500, 3])}, ',')::bigint[]) v) as total,
        array_to_string(string_to_array(${listOf(['1029', '1100'])}, ',')::char(4)[], '|') as accounts`,
    );
    expect(Number(row!.total)).toBe(7503);
    expect(row!.accounts).toBe('1029|1100');
    expect(() => listOf(['a,b'])).toThrow('comma');
  });
});
