// Hostile input, generated: every operation of /openapi.json, the payer's and the providers'
// public routes and the simulators get requests built from their schemas and broken on
// purpose, as the admin of a tenant with data. No answer may be a 5xx, each must have the
// documented shape (errors as problem+json naming code, status and detail), and a refused
// request (4xx) or an API read must leave every row of the tenant as it was.
//
// FUZZ_SEED (default fixed) replays a run; FUZZ_RUNS scales the requests per route;
// FUZZ_ONLY=<part of a route> narrows the run to the routes that contain it; FUZZ_VERBOSE=1
// prints the statuses per route (how deep the generated requests get).
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { type Answer, contractViolations } from '../helpers/fuzz/contract.js';
import { fuzzTenant } from '../helpers/fuzz/fixture.js';
import { type FuzzContext, type FuzzRequest, type OpenApiDocument, type Operation, idKindOf, operationsOf, requestFor, resolverOf } from '../helpers/fuzz/openapi-requests.js';
import { sandboxRequests } from '../helpers/fuzz/sandbox-requests.js';
import { signedFeedback } from '../helpers/fuzz/sign-feedback.js';
import { changedTables, tenantDigest } from '../helpers/fuzz/tenant-digest.js';

const seed = Number(process.env.FUZZ_SEED ?? 1029);
const runs = Number(process.env.FUZZ_RUNS ?? 48);
const only = process.env.FUZZ_ONLY;
const verbose = process.env.FUZZ_VERBOSE === '1';
/** Two rounds: the second also reaches what the first created (drafts, pay links, connections). */
const rounds = 2;

/**
 * Refusals that keep a record by design, and where: a payer's attempt that the method refuses
 * (SwissBilling's rules, no contract for the currency) or that the provider did not start (502)
 * stays on the invoice as failed, so the accountant sees why the payer could not pay
 * (services/start-payment.ts); signed PostFinance feedback with an unusable currency is kept
 * among the provider events (providers/postfinance/callback-routes.ts).
 */
const recordedRefusals: Record<string, string[]> = {
  'post /pay/{token}/attempts 422': ['payment_attempts'],
  'post /pay/{token}/attempts 502': ['payment_attempts'],
  ...Object.fromEntries(
    ['get', 'post'].flatMap((method) => ['/callbacks/postfinance/{connectionId}', '/pay-feedback/{secret}'].map((path) => [`${method} ${path} 422`, ['provider_events']])),
  ),
  // A signed post-sale is kept even when PostFinance cannot be asked about it (a fuzzed base URL
  // no host answers): the 503 asks the platform to send it again.
  ...Object.fromEntries(['get', 'post'].map((method) => [`${method} /callbacks/postfinance/{connectionId} 503`, ['provider_events']])),
};

let test: TestApp;
let fixture: Awaited<ReturnType<typeof fuzzTenant>>;
/** The last unhandled error the app logged: a failure report shows where a 500 came from. */
let lastError = '';
beforeAll(async () => {
  const logger = { ...silentLogger, error: (_: string, fields?: Record<string, unknown>) => void (lastError = String(fields?.error ?? '')) };
  test = await createTestApp({ logger });
  fixture = await fuzzTenant(test);
});

interface Route {
  key: string;
  operation: Operation | null;
  arbitrary: fc.Arbitrary<FuzzRequest>;
}

function routesOf(document: OpenApiDocument, context: FuzzContext): Route[] {
  const documented = operationsOf(document).map((operation) => ({ key: operation.key, operation, arbitrary: requestFor(operation, context) }));
  const others = Object.entries(sandboxRequests(context, fixture.sandbox)).map(([key, arbitrary]) => ({ key, operation: null, arbitrary }));
  return [...documented, ...others].filter((route) => !only || route.key.includes(only));
}

/** Ids of what a create (or a list) answered, and pay-link tokens, for the next round to aim at. */
function learn(context: FuzzContext, operation: Operation | null, text: string) {
  const kind = operation?.path.startsWith('/api/') ? idKindOf(operation.path) : undefined;
  const creates = operation?.method === 'post' && !operation.path.endsWith('}') && !/\/(send|cancel|verify|refund|book)$/.test(operation.path);
  if (kind && (creates || (operation?.method === 'get' && !operation.path.includes('{')))) {
    const known = (context.pool.ids[kind] ??= []);
    for (const match of text.matchAll(/"id":"([0-9a-f-]{36})"/g)) if (!known.includes(match[1]!)) known.push(match[1]!);
  }
  for (const match of text.matchAll(/\/pay\/([A-Za-z0-9_-]{20,})"/g)) {
    if (!context.pathValues.token!.includes(match[1]!)) context.pathValues.token!.push(match[1]!);
  }
}

const describeRequest = (index: number, request: FuzzRequest, answer: Answer) =>
  `#${index} ${request.method} ${request.url.slice(0, 160)} (${request.mutation}; ${request.headers['Content-Type'] ?? 'no content type'}) ` +
  `body ${JSON.stringify((request.body ?? '').slice(0, 160))} → ${answer.status} ${answer.contentType} ${answer.text.slice(0, 200)}` +
  (answer.status === 500 ? `\n${lastError.split('\n').slice(0, 6).join('\n')}` : '');

it('answers generated hostile requests without a 5xx, in the documented shape, and refusals change nothing', async () => {
  const document = (await (await test.app.request('/openapi.json')).json()) as OpenApiDocument;
  const context: FuzzContext = { ...fixture.context, resolve: resolverOf(document) };
  const failures = new Map<string, { count: number; example: string }>();
  const statuses: Record<string, number> = {};
  const byRoute = new Map<string, Record<number, number>>();
  /** Routes that answered something other than "no such route" at least once: the generator reaches them. */
  const reached = new Set<string>();
  let total = 0;
  let routeCount = 0;
  let digest = await tenantDigest(test.database.db, fixture.tenantId);
  const started = performance.now();

  for (let round = 0; round < rounds; round++) {
    const routes = routesOf(document, context);
    routeCount = routes.length;
    const perRoute = Math.ceil(runs / rounds);
    const samples = routes.map((route, i) => fc.sample(route.arbitrary, { seed: seed + round * 1000 + i, numRuns: perRoute }));
    for (let n = 0; n < perRoute; n++) {
      for (const [r, route] of routes.entries()) {
        const request = samples[r]![n]!.sign ? await signedFeedback(samples[r]![n]!) : samples[r]![n]!;
        const response = await test.app.request(request.url, { method: request.method, headers: request.headers, body: request.body });
        const answer: Answer = { status: response.status, contentType: response.headers.get('Content-Type') ?? '', text: await response.text() };
        total++;
        const counts = byRoute.get(route.key) ?? {};
        counts[answer.status] = (counts[answer.status] ?? 0) + 1;
        byRoute.set(route.key, counts);
        statuses[`${Math.floor(answer.status / 100)}xx`] = (statuses[`${Math.floor(answer.status / 100)}xx`] ?? 0) + 1;
        const violations = contractViolations(route.operation, answer);
        const noSuchRoute = answer.status === 404 && answer.contentType.startsWith('application/problem+json') && answer.text.includes('"code":"route_not_found"');
        if (!noSuchRoute) reached.add(route.key);
        const after = await tenantDigest(test.database.db, fixture.tenantId);
        const isApiRead = request.method === 'GET' && request.url.startsWith('/api/');
        const allowed = recordedRefusals[`${route.key} ${answer.status}`] ?? [];
        const changed = changedTables(digest, after).filter((table) => !allowed.includes(table));
        if (changed.length && (answer.status >= 400 || isApiRead)) violations.push(`a ${answer.status} answer to ${request.method} changed ${changed.join(', ')}`);
        digest = after;
        if (answer.status < 300) learn(context, route.operation, answer.text);
        for (const violation of violations) {
          const key = `${route.key}: ${violation}`;
          const seen = failures.get(key);
          if (seen) seen.count++;
          else failures.set(key, { count: 1, example: describeRequest(total, request, answer) });
        }
      }
    }
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz: ${total} requests over ${routeCount} routes in ${seconds} s (seed ${seed}, FUZZ_RUNS=${runs}${only ? `, FUZZ_ONLY=${only}` : ''}; ` +
      `${Object.entries(statuses).sort().map(([k, v]) => `${k} ${v}`).join(', ')})`,
  );
  if (verbose) for (const [key, counts] of byRoute) console.log(`${key}: ${JSON.stringify(counts)}`);
  const unreached = routesOf(document, context).map((route) => route.key).filter((key) => !reached.has(key));
  expect(unreached, 'routes the generated requests never reached').toEqual([]);
  const report = [...failures].map(([key, { count, example }]) => `${key} (${count}×), e.g. ${example}`);
  expect(report, `replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`).toEqual([]);
}, 600_000);
