// What the worker test runs beside the worker: a fresh PostgreSQL database migrated and given
// a tenant through the CLI (the documented deploy steps), an HTTP mail API that records what
// it receives, and `wrangler dev` itself in workerd, stopped with its whole process group.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);
const bin = (name: string) => path.resolve('node_modules/.bin', name);

/** A server's superuser URL; the test makes and drops its own database there. */
const serverUrl = process.env.WORKER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function freshDatabase() {
  const name = `paylink_worker_${Date.now()}_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // Hyperdrive's local binding refuses a URL without a password; trust authentication ignores it.
  const hyperdriveUrl = new URL(url);
  if (!hyperdriveUrl.password) hyperdriveUrl.password = 'unused';
  return {
    url: url.toString(),
    hyperdriveUrl: hyperdriveUrl.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** `npm run cli -- …` as an operator runs it before deploying; answers its output. */
export async function cli(databaseUrl: string, appSecret: string, ...args: string[]) {
  const { stdout } = await run(bin('tsx'), ['src/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, APP_SECRET: appSecret },
  });
  return stdout;
}

export interface ReceivedMail {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: { to: string[]; subject: string; attachments: { filename: string; content: string; content_type: string }[] };
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });

/** An HTTP mail API in the Resend shape: POST /emails, answers an id. */
export async function mailReceiver() {
  const received: ReceivedMail[] = [];
  const server = createServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as ReceivedMail['body'];
    received.push({ authorization: request.headers.authorization, idempotencyKey: request.headers['idempotency-key'] as string | undefined, body });
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ id: `mail-${received.length}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/emails`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface LocalWorker {
  baseUrl: string;
  /** From the start of `wrangler dev` to the first answer of /health, whatever it is (bundling included). */
  startMs: number;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startWorker(vars: Record<string, string>, hyperdriveUrl: string): Promise<LocalWorker> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const persist = await mkdtemp(path.join(tmpdir(), 'paylink-worker-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const varArgs = Object.entries({ PUBLIC_BASE_URL: baseUrl, ...vars }).flatMap(([name, value]) => ['--var', `${name}:${value}`]);
  const started = Date.now();
  const child: ChildProcess = spawn(
    bin('wrangler'),
    ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--test-scheduled', '--persist-to', persist, ...varArgs],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdriveUrl, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    await rm(persist, { recursive: true, force: true });
  };

  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev stopped:\n${output}`);
    if (Date.now() - started > 120_000) {
      await stop();
      throw new Error(`wrangler dev did not answer within two minutes:\n${output}`);
    }
    const answer = await fetch(`${baseUrl}/health`).catch(() => null);
    if (answer) return { baseUrl, startMs: Date.now() - started, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
