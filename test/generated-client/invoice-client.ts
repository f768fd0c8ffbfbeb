// A client as an integrator writes it: typed only by what openapi-typescript generates from
// /openapi.json (openapi-types.ts, written next to a copy of this file by
// test/integration/generated-client.test.ts, never committed), calling the API through
// openapi-fetch. The test type-checks the copy with tsc and runs it against the app, so the
// generated types are proven to describe what the API really takes and answers. Not part of
// `npm run typecheck` (tsconfig.json excludes this folder): the types exist only in the test.
import createClient from 'openapi-fetch';
import type { components, paths } from './openapi-types.js';

export type Invoice = components['schemas']['Invoice'];
type Problem = components['schemas']['Problem'];
type NewContact = paths['/api/v1/contacts']['post']['requestBody']['content']['application/json'];
type NewInvoice = paths['/api/v1/invoices']['post']['requestBody']['content']['application/json'];

/** A problem answer (RFC 9457) as an exception, with its stable code. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
  }
}

function dataOf<T>(answer: { data?: T; error?: Problem }): T {
  if (answer.error) throw new ProblemError(answer.error);
  if (answer.data === undefined) throw new Error('an answer without a body');
  return answer.data;
}

export function invoiceClient(options: { baseUrl: string; apiKey: string; fetch?: (request: Request) => Promise<Response> }) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { Authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const byId = (id: string) => ({ params: { path: { id } } });
  return {
    createContact: async (contact: NewContact) => dataOf(await client.POST('/api/v1/contacts', { body: contact })),
    createInvoice: async (invoice: NewInvoice): Promise<Invoice> => dataOf(await client.POST('/api/v1/invoices', { body: invoice })),
    sendInvoice: async (id: string): Promise<Invoice> => dataOf(await client.POST('/api/v1/invoices/{id}/send', byId(id))),
    getInvoice: async (id: string): Promise<Invoice> => dataOf(await client.GET('/api/v1/invoices/{id}', byId(id))),
  };
}
