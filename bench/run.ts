// The bench (issue 11): each figure next to its ceiling, measured in the same run in
// interleaved rounds (medians, with the range of the rounds), written to bench/results.md.
//   DATABASE_URL=postgres://…/paylink npm run bench      (a database <name>_bench is made and dropped)
//   BENCH_QUICK=1   smaller sizes and fewer rounds: a few minutes
//   BENCH_ONLY=pay,bookings,pdf,ledger,start,office   some sections only; BENCH_OUT=file.md another file in bench/
import { execFileSync, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createApp } from '../src/app.js';
import { rowsOf } from '../src/db/rows.js';
import { renderInvoicePdf } from '../src/documents/invoice-pdf.js';
import { loadInvoiceDocument } from '../src/invoices/document.js';
import { silentLogger } from '../src/logger.js';
import { type OpenDatabase, openEmbeddedDatabase, openPostgresDatabase } from '../src/node/database.js';
import { defaultPostFinanceSandbox } from '../src/sandbox/postfinance/state.js';
import { defaultSaferpaySandbox } from '../src/sandbox/saferpay/state.js';
import { createSecretBox } from '../src/secret-box.js';
import { bootstrapDemoTenant } from '../src/services/bootstrap-demo-tenant.js';
import { bookingJobs, roundTripsPerBooking } from './bookings.js';
import { benchOfficeInvoices } from './office-invoices.js';
import { measureOfficePages } from './office-pages.js';
import { benchOfficeSettings } from './office-settings.js';
import { createLedgerTenant, loadJournal } from './ledger-data.js';
import { type CsvFigure, ledgerReadJobs } from './ledger-reads.js';
import { barePdf } from './pdf-ceiling.js';
import { Report } from './report.js';
import { freshDataDir, removeDataDir, timeStart } from './startup.js';
import { fmt, interleave, spread, time, withSpread } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.env.BENCH_QUICK === '1';
const only = new Set((process.env.BENCH_ONLY ?? 'pay,bookings,pdf,ledger,start,office').split(','));
const url = process.env.DATABASE_URL;
const report = new Report(quick);
const publicBaseUrl = 'http://localhost:3000';
const sandbox = { saferpay: defaultSaferpaySandbox, postfinance: defaultPostFinanceSandbox };
const log = (text: string) => console.log(text);

/** A database of its own next to DATABASE_URL's, made empty for this run. */
async function benchDatabase(base: string): Promise<string> {
  const target = new URL(base);
  const name = `${target.pathname.slice(1)}_bench`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  target.pathname = `/${name}`;
  return target.toString();
}

async function demoOn(database: OpenDatabase) {
  const secretBox = await createSecretBox('bench-secret-bench-secret-bench-secret');
  const demo = await bootstrapDemoTenant({ db: database.db, publicBaseUrl, secretBox, saferpaySandbox: sandbox.saferpay, postfinanceSandbox: sandbox.postfinance });
  if (!demo) throw new Error('the bench needs an empty database');
  const app = createApp({ db: database.db, logger: silentLogger, publicBaseUrl, now: () => new Date(), clientAddress: () => '127.0.0.1', secretBox, sandbox });
  return { demo, app, secretBox, token: new URL(demo.payUrl!).pathname.split('/').pop()! };
}

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ port: info.port, close: () => server.close() }));
  });
}

/** The load generator in a process of its own (bench/load.ts). */
function load(target: string, connections: number, ms: number): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'load.ts'), target, String(connections), String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load exited ${code}`))));
  });
}

async function payPage(pg: Awaited<ReturnType<typeof demoOn>>) {
  const lite = await openEmbeddedDatabase(null);
  const embedded = await demoOn(lite);
  const page = await (await pg.app.request(`/pay/${pg.token}`)).text();
  const ceilingApp = new Hono().get('/pay/:token', (c) => c.html(page));
  const servers = {
    ceiling: await listen(ceilingApp.fetch),
    postgres: await listen(pg.app.fetch),
    embedded: await listen(embedded.app.fetch),
  };
  const paths = { ceiling: `/pay/${pg.token}`, postgres: `/pay/${pg.token}`, embedded: `/pay/${embedded.token}` };
  const ms = quick ? 1500 : 4000;
  const rounds = quick ? 3 : 5;
  const figures: Record<keyof typeof servers, { rps: number; p99: number }[]> = { ceiling: [], postgres: [], embedded: [] };
  for (const key of Object.keys(servers) as (keyof typeof servers)[]) await load(`http://127.0.0.1:${servers[key].port}${paths[key]}`, 10, 500);
  for (let round = 0; round < rounds; round++) {
    for (const key of Object.keys(servers) as (keyof typeof servers)[]) {
      const result = await load(`http://127.0.0.1:${servers[key].port}${paths[key]}`, 10, ms);
      if (result.errors > 0) throw new Error(`${key}: ${result.errors} failed requests`);
      figures[key].push(result);
    }
  }
  for (const server of Object.values(servers)) server.close();
  await lite.close();
  const rps = (key: keyof typeof servers) => spread(figures[key].map((f) => f.rps));
  const p99 = (key: keyof typeof servers) => spread(figures[key].map((f) => f.p99));
  const ratio = (key: keyof typeof servers) => spread(figures[key].map((f, i) => f.rps / figures.ceiling[i]!.rps));
  log(`pay page: ceiling ${withSpread(rps('ceiling'), 0)}/s, postgres ${withSpread(rps('postgres'), 0)}/s p99 ${withSpread(p99('postgres'))} ms, embedded ${withSpread(rps('embedded'), 0)}/s`);
  report.payPage({ ceiling: rps('ceiling'), postgres: rps('postgres'), embedded: rps('embedded'), p99Postgres: p99('postgres'), p99Embedded: p99('embedded'), ratioPostgres: ratio('postgres'), ratioEmbedded: ratio('embedded'), page: page.length, rounds, ms });
}

async function bookings(benchUrl: string, db: OpenDatabase, demo: Awaited<ReturnType<typeof demoOn>>['demo']) {
  const [invoice] = await rowsOf<{ id: string; connection_id: string }>(
    db.db,
    sql`select i.id, c.id as connection_id from invoices i join connections c on c.tenant_id = i.tenant_id and c.provider = 'saferpay' where i.tenant_id = ${demo.tenant.id} limit 1`,
  );
  const target = { tenantId: demo.tenant.id, invoiceId: invoice!.id, connectionId: invoice!.connection_id };
  const roundTrips = await roundTripsPerBooking(benchUrl, target);
  const jobs = bookingJobs(benchUrl, target, { perRound: quick ? 150 : 400, concurrency: 8 });
  const rounds = quick ? 2 : 4;
  await jobs.booked();
  await jobs.ceiling();
  const result = await interleave(rounds, { booked: jobs.booked, ceiling: jobs.ceiling });
  await jobs.close();
  const ratio = spread(result.booked.map((value, i) => value / result.ceiling[i]!));
  log(`bookings: ${withSpread(spread(result.booked), 0)}/s, ceiling ${withSpread(spread(result.ceiling), 0)}/s, ${roundTrips} round trips`);
  report.bookings({ booked: spread(result.booked), ceiling: spread(result.ceiling), ratio, roundTrips, rounds });
}

async function pdfs(db: OpenDatabase, demo: Awaited<ReturnType<typeof demoOn>>['demo']) {
  const [row] = await rowsOf<{ id: string }>(db.db, sql`select id from invoices where tenant_id = ${demo.tenant.id} and number like 'RE-%' limit 1`);
  const document = (await loadInvoiceDocument(db.db, demo.tenant.id, row!.id, publicBaseUrl, true))!;
  const jobs = { service: () => renderInvoicePdf(document), ceiling: () => barePdf(document) };
  // Untimed warm-up: the first PDFs compile the code both sides share (pdfkit, swissqrbill,
  // qrcode), which the side measured first would otherwise pay for in its first round.
  for (let i = 0; i < 20; i++) for (const work of Object.values(jobs)) await work();
  // Many short rounds with the order swapped every round: a side's PDFs and the other's are a
  // fraction of a second apart, so the load of a shared machine falls on both alike. The rates
  // are per second of the process's CPU time, which a neighbour taking turns on the cores does
  // not stretch as it stretches the wall clock (the same on an idle machine; the wall-clock
  // figures are logged beside them). No forced garbage collection between the blocks: in four
  // runs each on a loaded machine, it gave ratios of 0.74-0.88 against 0.90-0.99 without, as if
  // each forced collection made the side with more code of its own pay for it again.
  const count = quick ? 8 : 12;
  const rounds = quick ? 8 : 25;
  const wall = { service: [] as number[], ceiling: [] as number[] };
  const rateOf = (key: keyof typeof jobs) => async () => {
    const cpu = process.cpuUsage();
    const ms = await time(async () => { for (let i = 0; i < count; i++) await jobs[key](); });
    const used = process.cpuUsage(cpu);
    wall[key].push((count / ms) * 1000);
    return (count / (used.user + used.system)) * 1e6;
  };
  const load = os.loadavg()[0]!;
  const result = await interleave(rounds, { service: rateOf('service'), ceiling: rateOf('ceiling') }, { alternate: true });
  const ratio = spread(result.service.map((value, i) => value / result.ceiling[i]!));
  const wallRatio = spread(wall.service.map((value, i) => value / wall.ceiling[i]!));
  const loads = `load average ${fmt(load)} → ${fmt(os.loadavg()[0]!)}`;
  log(`PDFs per CPU second: ${withSpread(spread(result.service))}, ceiling ${withSpread(spread(result.ceiling))}, ratio ${withSpread(ratio, 2)}; wall clock: ${withSpread(spread(wall.service))}/s, ceiling ${withSpread(spread(wall.ceiling))}/s, ratio ${withSpread(wallRatio, 2)} (${rounds} rounds × ${count} PDFs a side, ${loads})`);
  report.pdfs({ service: spread(result.service), ceiling: spread(result.ceiling), ratio, wallRatio, rounds, count, loads });
}

async function ledger(benchUrl: string, db: OpenDatabase, pgDemo: Awaited<ReturnType<typeof demoOn>>) {
  const sql = postgres(benchUrl, { max: Math.max(2, os.cpus().length), onnotice: () => {} });
  const others = quick ? 20 : 200;
  const started = performance.now();
  for (let i = 0; i < others; i++) {
    const tenant = await createLedgerTenant(db.db, `Small ${i}`);
    await loadJournal(sql, tenant.tenantId, 2000 + (i % 5) * 500, { keyPrefix: `small:${i}:` });
  }
  log(`ledger: ${others} small tenants in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  for (const lines of sizes) {
    const tenant = await createLedgerTenant(db.db, `Large ${lines}`);
    const seconds = await loadJournal(sql, tenant.tenantId, lines, { keyPrefix: `large:${lines}:`, parallel: os.cpus().length });
    await sql`vacuum analyze journal_lines, journal_entries, journal_month_totals`;
    const csv: CsvFigure[] = [];
    const depth = Math.min(2000, Math.floor(lines / (7 / 3) / 50) - 1);
    const jobs = await ledgerReadJobs(db.db, tenant.tenantId, { depth, month: '2025-06', lastCsv: csv });
    const payLatency = async () => time(async () => (await pgDemo.app.request(`/pay/${pgDemo.token}`)).text());
    const result = await interleave(quick ? 3 : 5, { ...jobs, payPage: payLatency });
    const figures = Object.fromEntries(Object.entries(result).map(([key, values]) => [key, spread(values)]));
    const csvRate = spread(csv.map((c) => (c.lines / c.ms) * 1000));
    log(`ledger ${lines}: loaded in ${seconds.toFixed(0)} s; ${Object.entries(figures).map(([k, v]) => `${k} ${fmt(v.median)}`).join(', ')}; csv ${fmt(csvRate.median, 0)} lines/s`);
    report.ledger(lines, { seconds, depth, figures, csvRate, csvLines: csv[0]?.lines ?? 0, csvPeakRssMb: Math.max(...csv.map((c) => c.peakRssMb)) });
  }
  await sql.end();
}

async function startup() {
  const built = path.join(here, '..', 'dist', 'server.js');
  execFileSync(process.execPath, [path.join(here, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const ceiling = path.join(here, 'startup-ceiling.mjs');
  const rounds = quick ? 2 : 4;
  const figures = { first: [] as number[], restart: [] as number[], ceilingFirst: [] as number[], ceilingRestart: [] as number[], rssFirst: [] as number[], rssRestart: [] as number[] };
  let failures = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [script, first, restart] of [[built, 'first', 'restart'], [ceiling, 'ceilingFirst', 'ceilingRestart']] as const) {
      const dir = await freshDataDir();
      const a = await timeStart(script, dir);
      const b = await timeStart(script, dir);
      await removeDataDir(dir);
      for (const f of [a, b]) {
        if (!f.ok) {
          failures++;
          log(`a start of ${script} did not get ready; its output:\n${f.log}`);
        }
      }
      figures[first].push(a.ms);
      figures[restart].push(b.ms);
      if (script === built) {
        figures.rssFirst.push(a.rssMb);
        figures.rssRestart.push(b.rssMb);
      }
    }
  }
  const s = Object.fromEntries(Object.entries(figures).map(([key, values]) => [key, spread(values)])) as Record<keyof typeof figures, ReturnType<typeof spread>>;
  log(`start: first ${fmt(s.first.median, 0)} ms (ceiling ${fmt(s.ceilingFirst.median, 0)}), restart ${fmt(s.restart.median, 0)} ms (ceiling ${fmt(s.ceilingRestart.median, 0)}), RSS ${fmt(s.rssFirst.median, 0)} MB`);
  report.startup({ ...s, failures, starts: rounds * 2 });
}

/** Issue 13: each back-office page under 50 ms at the server for a tenant with 10,000 invoices. */
async function officePages(database: OpenDatabase, pg: Awaited<ReturnType<typeof demoOn>>) {
  const figures = await measureOfficePages(database.db, { rounds: quick ? 10 : 30 });
  for (const figure of figures) log(`office ${figure.page}: ${figure.status}, median ${fmt(figure.medianMs, 1)} ms, p95 ${fmt(figure.p95Ms, 1)} ms`);
  report.office(figures);
  await benchOfficeInvoices(database.db, pg.app);
  const measure = async (name: string, count: number, work: (i: number) => Promise<unknown>) => {
    const ms = await time(async () => {
      for (let i = 0; i < count; i++) await work(i);
    });
    log(`${name.padEnd(40)} ${fmt(ms / count, 1)} ms per page`);
  };
  await benchOfficeSettings({ app: pg.app, db: database.db, tenantId: pg.demo.tenant.id, adminId: pg.demo.admin.id, measure });
}

const file = path.resolve(here, process.env.BENCH_OUT ?? (quick ? 'results-quick.md' : 'results.md'));
/** A section that fails is reported and the others still run; results.md is rewritten after each. */
async function section(name: string, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    report.failed(name, error instanceof Error ? error.message : String(error));
  }
  await writeFile(file, report.markdown());
}

report.started(os.cpus().length, os.cpus()[0]?.model ?? '?', os.totalmem());
if (url) {
  const benchUrl = await benchDatabase(url);
  const db = await openPostgresDatabase(benchUrl);
  const [version] = await rowsOf<{ version: string }>(db.db, sql`select version()`);
  report.postgres(String(version?.version ?? '?'));
  const pg = await demoOn(db);
  if (only.has('pay')) await section('pay page', () => payPage(pg));
  if (only.has('bookings')) await section('bookings', () => bookings(benchUrl, db, pg.demo));
  if (only.has('pdf')) await section('PDFs', () => pdfs(db, pg.demo));
  if (only.has('ledger')) await section('ledger', () => ledger(benchUrl, db, pg));
  if (only.has('office')) await section('back office', () => officePages(db, pg));
  await db.close();
} else {
  log('DATABASE_URL is not set: the PostgreSQL figures (pay page, bookings, PDFs, ledger) are left out.');
}
if (only.has('start')) await section('start-up', startup);
log(`written ${path.relative(process.cwd(), file)}`);
