// Payments through the simulated providers while the server is SIGKILLed at random points:
// as a payer starts a payment, while Saferpay's notifies and PostFinance's post-sale requests
// arrive, while the payer comes back, during refunds, and now and then while it starts. Each
// time the server restarts on the same database and the payers whose page broke reload it.
// Afterwards the reconciliation job runs and the books must hold every invariant and match
// what the providers hold.
//
// RELIABILITY_KILLS (default 24) sets the number of kills, RELIABILITY_SEED replays a run's
// choices (the timing of a real process still varies). Embedded database (PGlite, which
// recovers from SIGKILL as PostgreSQL does) by default, PostgreSQL with DATABASE_URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bookingCounts, checkInvariants } from '../helpers/invariants.js';
import { comeBack } from './payer.js';
import { ServerUnderTest, type Simulators, type Storage, freePort, startSimulators } from './processes.js';
import { type RunState, dice, planRound, runRound, sleep } from './rounds.js';
import { compareWithProviders, resolveUncertain, runReconciliation } from './settle.js';
import { createShopTenant, furnishShop, httpApi, openDatabase, sendInvoice } from './shop.js';

const kills = Number(process.env.RELIABILITY_KILLS ?? 24);
const seed = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const appSecret = 'reliability-run-secret-that-is-long-enough-0123456789';
// Late notifies and deferred post-sales arrive a round or two later, often at a restarted server.
const lateNotifyMs = 1_500;

describe('payments while the server is killed', () => {
  const storage: Storage = process.env.DATABASE_URL
    ? { databaseUrl: process.env.DATABASE_URL }
    : { dataDir: mkdtempSync(path.join(tmpdir(), 'paylink-reliability-')) };
  let server: ServerUnderTest | null = null;
  let simulators: Simulators | null = null;
  afterAll(async () => {
    await server?.kill();
    await simulators?.close();
    if ('dataDir' in storage) rmSync(storage.dataDir, { recursive: true, force: true });
  });

  it('books every captured payment and refund exactly once, whatever the kills', async () => {
    const started = Date.now();
    const seconds = () => Math.round((Date.now() - started) / 1000);
    console.log(`reliability: seed ${seed}, ${kills} kills, ${'databaseUrl' in storage ? 'PostgreSQL' : 'embedded PGlite'}`);
    const setup = await openDatabase(storage);
    const { tenantId, apiKey } = await createShopTenant(setup);
    await setup.close();

    server = new ServerUnderTest(await freePort(), storage, appSecret);
    simulators = await startSimulators(server.origin, { lateNotifyMs });
    await server.start();
    const api = httpApi(() => server!.origin, apiKey);
    const { contactId } = await furnishShop(api, simulators);
    const state: RunState = {
      dice: dice(seed),
      api,
      origin: server.origin,
      pool: [],
      resumes: [],
      stats: { flows: {}, refunds: {}, killedIn: {} },
    };
    for (let n = 1; n <= 2 * kills + 8; n++) state.pool.push(await sendInvoice(api, contactId, n));
    const setupSeconds = seconds();

    const restartsMs: number[] = [];
    let midRunChecks = 0;
    const midRunJob: Record<string, number> = {};
    let killsWhileStarting = 0;
    for (let round = 1; round <= kills; round++) {
      const tasks = await planRound(state);
      const { target, delayMs } = await runRound(state, server, tasks);
      // Between kill and restart the database is as the kill left it, and the books must hold
      // already: every booking is one transaction. PGlite takes seconds to open, so it is
      // checked every fourth round; PostgreSQL every round. Every fourth round the job also
      // heals what the kills left (a quarter of an hour on), so later rounds have captured
      // payments to refund and the job itself works on freshly killed state.
      if ('databaseUrl' in storage || round % 4 === 0) {
        const database = await openDatabase(storage);
        try {
          if (round % 4 === 0) {
            const healed = await runReconciliation({ db: database.db, tenantId, appSecret, publicBaseUrl: server.origin, minutesAhead: [15] });
            for (const [outcome, n] of Object.entries(healed.outcomes)) midRunJob[outcome] = (midRunJob[outcome] ?? 0) + n;
          }
          expect(await checkInvariants(database.db, { tenantId }), `after kill ${round} (${target} +${delayMs} ms)`).toEqual([]);
        } finally {
          await database.close();
        }
        midRunChecks++;
      }
      // Now and then the restart itself is killed, while the database recovers or migrates.
      if (round % 6 === 3) {
        await server.killWhileStarting(200 + state.dice.below(2_000));
        killsWhileStarting++;
      }
      restartsMs.push(await server.start());
    }
    const killSeconds = seconds() - setupSeconds;

    // The payers still holding a broken page reload it; the late callbacks arrive; then a
    // graceful stop, so the embedded database is free for this process to open.
    await Promise.all(state.resumes.map((resume) => comeBack(resume.backUrl)));
    await sleep(lateNotifyMs + 500);
    await simulators.settle();
    await server.stop();

    const database = await openDatabase(storage);
    try {
      const resolved = resolveUncertain(simulators);
      const reconciliation = await runReconciliation({ db: database.db, tenantId, appSecret, publicBaseUrl: server.origin });
      const broken = await checkInvariants(database.db, { tenantId, settled: true });
      const mismatches = await compareWithProviders(database.db, tenantId, simulators);
      const counts = await bookingCounts(database.db, tenantId);
      const { flows, refunds, killedIn } = state.stats;
      const restartAvg = Math.round(restartsMs.reduce((a, b) => a + b, 0) / restartsMs.length);
      console.log(
        `reliability: ${kills} kills (${Object.entries(killedIn).map(([p, n]) => `${p} ${n}`).join(', ')}) and ${killsWhileStarting} during a start, ` +
          `${restartsMs.length + killsWhileStarting} restarts (avg ${restartAvg} ms); ${counts.captured} payments booked, ` +
          `${counts.refunds} refunds booked, ${counts.released} released, ${counts.unpaid} attempts unpaid, ${counts.entries} journal entries; ` +
          `payers ${JSON.stringify(flows)}, refund answers ${JSON.stringify(refunds)}; ${midRunChecks} checks between kills; ` +
          `job between kills ${JSON.stringify(midRunJob)}; ${resolved} uncertain resolved, final job ${JSON.stringify(reconciliation.outcomes)}; ${broken.length + mismatches.length === 0 ? 'invariants held' : 'INVARIANTS BROKEN'}; ` +
          `${seconds()} s (setup ${setupSeconds} s, kills ${killSeconds} s)`,
      );
      if (broken.length + mismatches.length > 0) console.log([...reconciliation.warnings, server.log].join('\n'));
      expect(broken).toEqual([]);
      expect(mismatches).toEqual([]);
      // A run where hardly anything got paid would prove nothing.
      expect(counts.captured).toBeGreaterThanOrEqual(kills / 4);
    } finally {
      await database.close();
    }
  });
});
