/* global process */
// The ceiling of a start on the embedded database: open PGlite in DATA_DIR (creating it when
// new), `select 1`, and a bare Hono answering /ready. Plain JavaScript, run by node as the
// built service is.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const db = new PGlite(path.join(process.env.DATA_DIR, 'pglite'));
await db.query('select 1');
const app = new Hono().get('/ready', (c) => c.text('ok'));
serve({ fetch: app.fetch, port: Number(process.env.PORT) });
process.on('SIGTERM', async () => {
  await db.close();
  process.exit(0);
});
