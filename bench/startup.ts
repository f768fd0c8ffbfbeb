// Starts on the embedded database, timed from spawn to the first 200 of /ready: the built
// service (node dist/server.js, the bundle npm start runs) against its ceiling
// (bench/startup-ceiling.mjs), each on a new data folder (first start) and again on the same
// folder (restart).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface StartFigure {
  ms: number;
  rssMb: number;
  ok: boolean;
  log: string;
}

let port = 3900 + (process.pid % 50) * 2;

/** Spawns `script`, polls /ready every 25 ms up to `limitMs`, reads its RSS, stops it. */
export async function timeStart(script: string, dataDir: string, limitMs = 120_000): Promise<StartFigure> {
  const thisPort = ++port;
  const started = performance.now();
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(thisPort), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  let ok = false;
  while (!exited && performance.now() - started < limitMs) {
    try {
      const response = await fetch(`http://127.0.0.1:${thisPort}/ready`);
      if (response.status === 200) {
        ok = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const ms = performance.now() - started;
  let rssMb = NaN;
  try {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
  } catch {
    // gone already
  }
  if (!exited) {
    const gone = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  }
  return { ms, rssMb, ok, log };
}

export async function freshDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'paylink-bench-start-'));
}

export const removeDataDir = (dir: string) => rm(dir, { recursive: true, force: true });
