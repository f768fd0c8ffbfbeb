// The real server process on the embedded database, from the sources and as `npm start` runs
// it (the build's bundle, whose data folder starts as a copy of the build's template): first
// start, the demo invoice online with its PDF, restart on the same data folder, graceful stop,
// and a refused bad configuration.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bootstrapKey = `ipk_${'bootstrap-key-for-tests'.padEnd(32, 'x')}`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const fromSources = ['--import', 'tsx', 'src/server.ts'];
const built = ['--enable-source-maps', 'dist/server.js'];

function start(env: Record<string, string>, command = fromSources) {
  const child = spawn(process.execPath, command, {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => (output.stdout += chunk));
  child.stderr?.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

async function waitReady(port: number, child: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error('server exited before it was ready');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/ready`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('server not ready in 60 s');
}

const api = (port: number, key: string, route: string, init: RequestInit = {}) =>
  fetch(`http://127.0.0.1:${port}${route}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...init.headers },
  });

describe.skipIf(Boolean(process.env.DATABASE_URL))('the server on the embedded database', () => {
  it.each([
    ['from the sources', fromSources],
    ['built, as npm start runs it', built],
  ])('starts %s with the demo tenant, stops gracefully, and restarts on the same data with everything kept', async (_, command) => {
    // The build is what npm start's prestart runs; it does nothing when dist/ is current.
    if (command === built) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'paylink-data-'));
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port) };

    let started = Date.now();
    const first = start({ ...env, BOOTSTRAP_ADMIN_API_KEY: bootstrapKey }, command);
    await waitReady(port, first.child);
    const firstStartMs = Date.now() - started;
    expect(first.output.stdout).toContain('Created the demo tenant "Demo AG"');
    const payLink = /A demo invoice is online at http:\/\/localhost:\d+(\/pay\/\S+)/.exec(first.output.stdout)?.[1];
    expect(payLink).toBeDefined();
    const page = await fetch(`http://127.0.0.1:${port}${payLink}`);
    expect(page.status).toBe(200);
    // The PDF library is loaded at the first PDF, from the bundle as from the sources.
    const pdf = await fetch(`http://127.0.0.1:${port}${payLink}/invoice.pdf`);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    if (command === built) {
      expect(existsSync(path.join(process.cwd(), 'dist', 'pglite-template'))).toBe(true);
      // The template's copy is complete and in place; nothing half-copied is left beside it.
      expect(readdirSync(dataDir)).not.toContain('pglite.copying');
      expect(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    }
    expect(statSync(path.join(dataDir, 'app-secret')).mode & 0o777).toBe(0o600);
    const me = await api(port, bootstrapKey, '/api/v1/me');
    expect(me.status).toBe(200);
    const posted = await api(port, bootstrapKey, '/api/v1/journal/manual-entries', {
      method: 'POST',
      body: JSON.stringify({
        date: '2026-03-31',
        text: 'Kept across restarts',
        currency: 'CHF',
        lines: [
          { account: '6940', debit: 340 },
          { account: '1029', credit: 340 },
        ],
      }),
    });
    expect(posted.status).toBe(201);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output.stdout).toContain('"stopped"');

    started = Date.now();
    const second = start(env, command);
    await waitReady(port, second.child);
    const secondStartMs = Date.now() - started;
    expect(second.output.stdout).not.toContain('Created the demo tenant');
    const journal = await api(port, bootstrapKey, '/api/v1/journal/entries?text=Kept');
    expect(((await journal.json()) as { total: number }).total).toBe(1);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    console.info(`first start ${firstStartMs} ms, second start ${secondStartMs} ms`);
  }, 120_000);

  it('refuses a bad configuration with a message naming the variable', async () => {
    const bad = start({ PORT: 'abc', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'paylink-bad-')) });
    expect(await bad.exited).toBe(1);
    expect(bad.output.stderr).toMatch(/PORT: must be a port number/);
  }, 60_000);
});
