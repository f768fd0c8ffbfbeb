// bench/results.md: the machine, the versions, the date, and each figure of issue 11 before
// and now, next to its ceiling measured in the same run, with its target met or missed.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { type Spread, fmt, withSpread } from './stats.js';

type S = Spread;
const pkg = (name: string) => {
  try {
    return (JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
};
const verdict = (met: boolean, why: string) => (met ? `met${why ? ` (${why})` : ''}` : `**missed**: ${why}`);

export class Report {
  private rows: string[] = [];
  private growth: string[] = [];
  private notes: string[] = [];
  private machine = '';
  private pg = '';

  constructor(private readonly quick: boolean) {}

  started(cores: number, cpu: string, memory: number) {
    // The load average says whether anything else ran beside the bench; the ratios to the
    // ceilings measured in the same interleaved rounds hold either way, absolute figures do not.
    const load = os.loadavg()[0]!.toFixed(1);
    this.machine = `${cores} × ${cpu}, ${(memory / 1024 ** 3).toFixed(0)} GiB, ${process.platform}; load average ${load} when the run began`;
  }

  postgres(version: string) {
    this.pg = version.split(',')[0] ?? version;
  }

  payPage(f: { ceiling: S; postgres: S; embedded: S; p99Postgres: S; p99Embedded: S; ratioPostgres: S; ratioEmbedded: S; page: number; rounds: number; ms: number }) {
    const how = `${f.rounds} rounds × ${f.ms / 1000} s, 10 connections`;
    this.rows.push(
      `| \`GET /pay/{token}\`, PostgreSQL | 180–260 req/s, p99 145–156 ms | bare Hono, same ${f.page} B page: ${withSpread(f.ceiling, 0)} req/s | ${withSpread(f.postgres, 0)} req/s, p99 ${withSpread(f.p99Postgres)} ms | ${withSpread(f.ratioPostgres, 3)} | ≥ 0.25, p99 < 20 ms: ${verdict(f.ratioPostgres.median >= 0.25 && f.p99Postgres.median < 20, f.ratioPostgres.median < 0.25 ? 'ratio below 0.25' : f.p99Postgres.median >= 20 ? `p99 ${fmt(f.p99Postgres.median)} ms` : how)} |`,
      `| same, embedded PGlite | 46–121 req/s, p99 244–617 ms | same | ${withSpread(f.embedded, 0)} req/s, p99 ${withSpread(f.p99Embedded)} ms | ${withSpread(f.ratioEmbedded, 3)} | ≥ 0.10: ${verdict(f.ratioEmbedded.median >= 0.1, f.ratioEmbedded.median >= 0.1 ? '' : 'ratio below 0.10')} |`,
    );
  }

  bookings(f: { booked: S; ceiling: S; ratio: S; roundTrips: number; rounds: number }) {
    const met = f.booked.median >= 300 && f.ratio.median >= 0.5 && f.roundTrips <= 8;
    const why = [f.booked.median < 300 ? `${fmt(f.booked.median, 0)}/s < 300/s` : '', f.ratio.median < 0.5 ? 'below half the ceiling' : '', f.roundTrips > 8 ? 'more than 8 round trips' : '']
      .filter(Boolean)
      .join('; ');
    this.rows.push(
      `| captured payments booked, 8 concurrent, PostgreSQL | ~100/s, 14 statements each | postgres.js, the same 5 writes: ${withSpread(f.ceiling, 0)}/s | ${withSpread(f.booked, 0)}/s, ${f.roundTrips} round trips (BEGIN and COMMIT included) | ${withSpread(f.ratio, 2)} | ≥ 300/s, ≥ 0.5, ≤ 8: ${verdict(met, why)} |`,
    );
  }

  pdfs(f: { service: S; ceiling: S; ratio: S; wallRatio: S; rounds: number; count: number; loads: string }) {
    const how = `per CPU second; wall-clock ratio ${withSpread(f.wallRatio, 2)}; ${f.rounds} alternating rounds × ${f.count} PDFs a side after a warm-up, ${f.loads}`;
    this.rows.push(
      `| invoice PDFs with QR-bill | 122/s | bare pdfkit + swissqrbill, same content: ${withSpread(f.ceiling)}/s | ${withSpread(f.service)}/s | ${withSpread(f.ratio, 2)} | ≥ 0.90: ${verdict(f.ratio.median >= 0.9, f.ratio.median >= 0.9 ? how : `below 0.90 of the same PDF drawn bare; ${how}`)} |`,
    );
  }

  ledger(lines: number, f: { seconds: number; depth: number; figures: Record<string, S>; csvRate: S; csvLines: number; csvPeakRssMb: number }) {
    const g = f.figures;
    const ms = (key: string) => withSpread(g[key]!);
    this.growth.push(
      `| ${lines.toLocaleString('en')} | ${fmt(f.seconds, 0)} s | ${ms('trialBalance')} | ${ms('accountBalance')} | ${ms('page1')} | ${ms('pageDeep')} | ${ms('pageDeepAccount')} | ${ms('pageDeepByOffset')} | ${ms('csvMonth')} (${f.csvLines} lines, ${fmt(f.csvRate.median, 0)} lines/s) | ${ms('payPage')} |`,
    );
    if (lines !== 1_000_000 && !(this.quick && lines === 100_000)) return;
    const at = this.quick ? `${lines.toLocaleString('en')} lines (quick run)` : '1 M';
    const under = (key: string, limit: number) => g[key]!.median < limit;
    this.rows.push(
      `| trial balance, ${at}, one tenant | 736 ms | — | ${ms('trialBalance')} ms | — | < 100 ms: ${verdict(under('trialBalance', 100), '')} |`,
      `| account balance at a date, ${at} | 627 ms | — | ${ms('accountBalance')} ms | — | < 100 ms: ${verdict(under('accountBalance', 100), '')} |`,
      `| journal page 1 / page ${f.depth} / page ${f.depth} filtered by account, ${at} | 141 / 497 / 1301 ms | — | ${fmt(g.page1!.median)} / ${fmt(g.pageDeep!.median)} / ${fmt(g.pageDeepAccount!.median)} ms (cursor) | — | < 50 ms: ${verdict(under('page1', 50) && under('pageDeep', 50) && under('pageDeepAccount', 50), '')} |`,
      `| CSV export of one month, ${at} | 2.2 s (14.6k entries) | — | ${ms('csvMonth')} ms for ${f.csvLines} lines: ${fmt(f.csvRate.median, 0)} lines/s, peak RSS ${fmt(f.csvPeakRssMb, 0)} MB | — | ≥ 100,000 lines/s, streamed: ${verdict(f.csvRate.median >= 100_000, f.csvRate.median >= 100_000 ? 'batches of 2000 entries, constant memory' : 'below 100,000 lines/s')} |`,
      `| loading ${at} lines through SQL (every constraint and trigger) | — | — | ${fmt(f.seconds, 0)} s | — | < 180 s: ${verdict(f.seconds < 180, f.seconds < 180 ? '' : 'every line runs the seal, the copies and two balance checks at commit')} |`,
    );
  }

  startup(f: { first: S; restart: S; ceilingFirst: S; ceilingRestart: S; rssFirst: S; rssRestart: S; failures: number; starts: number }) {
    this.rows.push(
      `| restart on the same embedded data to \`/ready\` | 4.2 s (ceiling 1.9 s: 2.1×) | bare PGlite open + \`select 1\` + Hono: ${withSpread(f.ceilingRestart, 0)} ms | ${withSpread(f.restart, 0)} ms | ${fmt(f.restart.median / f.ceilingRestart.median, 2)}× | < 3 s: ${verdict(f.restart.median < 3000, f.restart.median < 3000 ? '' : 'PGlite alone takes most of it')} |`,
      `| first start to \`/ready\` | 13.9 s (ceiling 10.8 s: 1.3×), 2 of 6 exited silently | bare PGlite create: ${withSpread(f.ceilingFirst, 0)} ms | ${withSpread(f.first, 0)} ms, ${f.failures} of ${f.starts * 2} starts (service and ceiling) failed | ${fmt(f.first.median / f.ceilingFirst.median, 2)}× | < 8 s: ${verdict(f.first.median < 8000 && f.failures === 0, f.first.median < 8000 ? (f.failures ? 'a start failed (its log is printed by the bench)' : 'the data folder starts as a copy of the build\'s migrated template') : 'slower than 8 s')} |`,
      `| RSS after first start / after restart, embedded | 900 MB / 430 MB | — | ${fmt(f.rssFirst.median, 0)} MB / ${fmt(f.rssRestart.median, 0)} MB | — | < 500 MB: ${verdict(f.rssFirst.median < 500, f.rssFirst.median < 500 ? '' : 'above 500 MB')} |`,
    );
  }

  /** Issue 13: the back office's pages at the server, tenant with 10,000 invoices. */
  office(figures: { page: string; medianMs: number; p95Ms: number; status: number }[]) {
    for (const f of figures) {
      const ok = f.status === 200 && f.medianMs < 50;
      this.rows.push(`| back office \`${f.page}\`, 10,000 invoices | — | — | median ${fmt(f.medianMs, 1)} ms, p95 ${fmt(f.p95Ms, 1)} ms | — | < 50 ms: ${verdict(ok, f.status === 200 ? '' : `answered ${f.status}`)} |`);
    }
  }

  failed(section: string, message: string) {
    this.notes.push(`- The ${section} section failed in this run: ${message.split('\n')[0]}`);
  }

  markdown(): string {
    const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
    return `# Bench results${this.quick ? ' (quick run: BENCH_QUICK=1, smaller sizes)' : ''}

Written by \`npm run bench\` on ${date} UTC. Every figure is the median of interleaved rounds with
the range of the rounds in brackets; each ceiling was measured in the same rounds.

- Machine: ${this.machine}.
- Versions: Node ${process.version}, ${this.pg || 'PostgreSQL not measured'}, PGlite ${pkg('@electric-sql/pglite')}, Hono ${pkg('hono')}, @hono/node-server ${pkg('@hono/node-server')}, postgres.js ${pkg('postgres')}, drizzle-orm ${pkg('drizzle-orm')}, pdfkit ${pkg('pdfkit')}, swissqrbill ${pkg('swissqrbill')}.
- "Before" is the figure in issue 11, measured on this machine before the change.

| job | before | ceiling (this run) | now (this run) | ratio | target |
|---|---|---|---|---|---|
${this.rows.join('\n')}

## How cost grows (PostgreSQL, one large tenant beside the small ones; milliseconds)

| lines in the tenant | load | trial balance | account balance | page 1 | deep page (cursor) | deep page by account (cursor) | deep page by \`page\` (offset) | CSV of June 2025 | pay page (one request) |
|---|---|---|---|---|---|---|---|---|---|
${this.growth.join('\n')}
${this.notes.length ? `\n${this.notes.join('\n')}\n` : ''}`;
  }
}
