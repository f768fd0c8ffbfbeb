// A client's idempotency key stands for one request: repeating it with the same fields gets
// the entry booked the first time, repeating it with any other field is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';

interface Problem {
  id: string;
  code: string;
  entryId: string;
  errors: { field: string; message: string }[];
}
type Api = ReturnType<typeof apiClient>;

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function bookkeeper(): Promise<Api> {
  const tenant = await createTestTenant(test.database);
  return apiClient(test.app, tenant.keys.bookkeeper);
}

const eurFee = {
  date: '2026-03-31',
  text: 'Saferpay fees March',
  currency: 'EUR',
  rate: '0.9412',
  reference: 'SP-2026-03',
  lines: [
    { account: '6940', debit: 340 },
    { account: '1029', credit: 340 },
  ],
};

const post = (api: Api, body: Record<string, unknown>) =>
  api.post<Problem>('/api/v1/journal/manual-entries', { ...eurFee, ...body });

async function journalTotal(api: Api) {
  return (await api.get<{ total: number }>('/api/v1/journal/entries')).body.total;
}

describe('idempotency keys of manual entries', () => {
  it('answers the same request again with the first entry, another rate or reference with 409 naming the field', async () => {
    const api = await bookkeeper();
    const idempotencyKey = `fees-${crypto.randomUUID()}`;
    const first = await post(api, { idempotencyKey });
    expect(first.status).toBe(201);
    // The same rate written with a trailing zero is the same rate.
    const again = await post(api, { idempotencyKey, rate: '0.94120' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const otherRate = await post(api, { idempotencyKey, rate: '0.95' });
    expect(otherRate.status).toBe(409);
    expect(otherRate.headers.get('content-type')).toContain('application/problem+json');
    expect(otherRate.body.code).toBe('idempotency_key_reused');
    expect(otherRate.body.entryId).toBe(first.body.id);
    expect(otherRate.body.errors).toEqual([{ field: 'rate', message: expect.stringContaining('0.9412') }]);

    const otherReference = await post(api, { idempotencyKey, reference: 'SP-2026-04' });
    expect(otherReference.status).toBe(409);
    expect(otherReference.body.errors.map((e) => e.field)).toEqual(['reference']);

    const noReference = await post(api, { idempotencyKey, reference: undefined });
    expect(noReference.status).toBe(409);
    expect(noReference.body.errors.map((e) => e.field)).toEqual(['reference']);
    expect(await journalTotal(api)).toBe(1);
  });

  it('names every differing field: date, text, currency, rate and the changed lines', async () => {
    const api = await bookkeeper();
    const chfKey = `fees-${crypto.randomUUID()}`;
    const chf = await post(api, { idempotencyKey: chfKey, currency: 'CHF', rate: undefined });
    expect(chf.status).toBe(201);
    const chfAgain = await post(api, { idempotencyKey: chfKey, currency: 'CHF', rate: '1' });
    expect(chfAgain.status).toBe(200);
    expect(chfAgain.body.id).toBe(chf.body.id);
    expect((await post(api, { idempotencyKey: chfKey, currency: 'CHF', rate: '1.5' })).body.errors).toEqual([
      { field: 'rate', message: expect.any(String) },
    ]);

    const idempotencyKey = `fees-${crypto.randomUUID()}`;
    expect((await post(api, { idempotencyKey })).status).toBe(201);

    const different = await post(api, {
      idempotencyKey,
      date: '2026-04-01',
      text: 'Saferpay fees April',
      currency: 'CHF',
      rate: undefined,
      lines: [
        { account: '6940', debit: 340 },
        { account: '1020', debit: 1 },
        { account: '1029', credit: 341 },
      ],
    });
    expect(different.status).toBe(409);
    expect(different.body.errors.map((e) => e.field)).toEqual([
      'date',
      'text',
      'currency',
      'rate',
      'lines',
    ]);

    const otherLine = await post(api, {
      idempotencyKey,
      lines: [
        { account: '6940', debit: 340 },
        { account: '1020', credit: 340 },
      ],
    });
    expect(otherLine.status).toBe(409);
    expect(otherLine.body.errors.map((e) => e.field)).toEqual(['lines.1.account']);

    const otherSide = await post(api, {
      idempotencyKey,
      lines: [
        { account: '6940', credit: 340 },
        { account: '1029', debit: 340 },
      ],
    });
    expect(otherSide.status).toBe(409);
    expect(otherSide.body.errors.map((e) => e.field)).toEqual([
      'lines.0.debit',
      'lines.0.credit',
      'lines.1.debit',
      'lines.1.credit',
    ]);
    expect(await journalTotal(api)).toBe(2);
  });
});
