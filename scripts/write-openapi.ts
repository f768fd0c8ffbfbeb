// Writes the OpenAPI document exactly as the app serves it at /openapi.json, without a server
// or a database, for `npm run lint:openapi` (Redocly) and for generating a client offline:
//   npx tsx scripts/write-openapi.ts <file> [public base URL]
// The base URL becomes the document's `servers` entry, as PUBLIC_BASE_URL does on a server;
// the default is the example the configuration's own error message gives.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../src/app.js';
import type { Database } from '../src/db/client.js';
import { silentLogger } from '../src/logger.js';

const [file = 'dist/openapi.json', publicBaseUrl = 'https://pay.example.ch'] = process.argv.slice(2);

// The document is built from the route declarations alone; a query would be a bug here.
const noDatabase = new Proxy({} as Database, {
  get() {
    throw new Error('writing the OpenAPI document must not touch the database');
  },
});

const app = createApp({
  db: noDatabase,
  logger: silentLogger,
  publicBaseUrl,
  now: () => new Date(),
  clientAddress: () => '127.0.0.1',
});
const response = await app.request('/openapi.json');
if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}: ${await response.text()}`);
const document: unknown = await response.json();
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
console.error(`wrote ${file}`);
