// A Stripe service as an admin sets it up: the key guard refuses keys of the other mode in
// plain words (all four mixes, and publishable and secret key of different modes), also
// when only the environment changes; verify names what the account can do and warns when
// no bank account receives the payouts.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { liveCredentials, noBankCredentials, stripeCredentials } from '../helpers/stripe-payer.js';

interface Problem {
  code: string;
  detail: string;
  errors: { field: string; message: string }[];
}
interface Verdict {
  result: string;
  message: string;
  methodCurrencies?: Record<string, string[]>;
}

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

const testKeys = { publishableKey: 'pk_test_51AbcDefGhi', secretKey: 'sk_test_51AbcDefGhi', webhookSecret: 'whsec_AbcDefGhi123' };
const liveKeys = { publishableKey: 'pk_live_51AbcDefGhi', secretKey: 'sk_live_51AbcDefGhi', webhookSecret: 'whsec_AbcDefGhi123' };

async function create(environment: string, credentials: Record<string, string>, currencies = ['CHF']) {
  const { admin } = await invoicingTenant(test);
  const response = await admin.post<Problem & { id: string }>('/api/v1/connections', {
    provider: 'stripe',
    environment,
    label: 'Stripe',
    currencies,
    methods: ['VISA', 'MASTERCARD', 'TWINT'],
    credentials,
  });
  return { admin, response };
}

describe('the Stripe key guard', () => {
  it('refuses test keys on a live service, saying it would take no real money', async () => {
    const { response } = await create('live', testKeys);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('keys_wrong_mode');
    expect(response.body.detail).toContain('takes no real money');
    expect(response.body.errors.map((e) => e.field).sort()).toEqual(['credentials.publishableKey', 'credentials.secretKey']);
  });

  it('refuses live keys on a test service and on a sandbox one, saying they would charge real cards', async () => {
    for (const environment of ['test', 'sandbox']) {
      const { response } = await create(environment, liveKeys);
      expect(response.status, environment).toBe(422);
      expect(response.body.detail).toContain('charge real cards');
    }
  });

  it('takes live keys on a live service and test keys on a test service', async () => {
    expect((await create('live', liveKeys)).response.status).toBe(201);
    expect((await create('test', testKeys)).response.status).toBe(201);
  });

  it('refuses a publishable key of another mode than the secret key, and a restricted test key on live', async () => {
    const mixed = await create('test', { ...testKeys, publishableKey: 'pk_live_51AbcDefGhi' });
    expect(mixed.response.status).toBe(422);
    expect(mixed.response.body.detail).toContain('same mode');
    const restricted = await create('live', { ...liveKeys, secretKey: 'rk_test_51AbcDefGhi' });
    expect(restricted.response.status).toBe(422);
    expect(restricted.response.body.errors).toContainEqual(expect.objectContaining({ field: 'credentials.secretKey' }));
  });

  it('refuses switching a test service to live while it keeps test keys, and changes nothing', async () => {
    const { admin, response } = await create('test', testKeys);
    const switched = await admin.patch<Problem>(`/api/v1/connections/${response.body.id}`, { environment: 'live' });
    expect(switched.status).toBe(422);
    expect(switched.body.code).toBe('keys_wrong_mode');
    expect((await admin.get<{ environment: string }>(`/api/v1/connections/${response.body.id}`)).body.environment).toBe('test');
    // With live keys sent in the same change it goes through.
    const withKeys = await admin.patch(`/api/v1/connections/${response.body.id}`, { environment: 'live', credentials: liveKeys });
    expect(withKeys.status, withKeys.text).toBe(200);
  });

  it('names a key that is no Stripe key at all by its field', async () => {
    const { response } = await create('test', { ...testKeys, secretKey: 'not-a-key' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('credentials.secretKey');
  });
});

describe('verifying a Stripe service', () => {
  it('says payments and payouts work, names the payout schedule and the methods, TWINT in CHF only', async () => {
    const { admin, response } = await create('sandbox', stripeCredentials, ['CHF', 'EUR']);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const verdict = await admin.post<Verdict>(`/api/v1/connections/${response.body.id}/verify`);
    // EUR is enabled, but TWINT exists in CHF only: not a plain "ok".
    expect(verdict.body.result).toBe('contracts_incomplete');
    expect(verdict.body.message).toContain('TWINT has no contract for EUR');
    expect(verdict.body.message).toContain('It can take payments and pay out: payouts daily, 2 day(s) after a payment.');
    expect(verdict.body.message).not.toContain('no bank account');
    expect(verdict.body.methodCurrencies).toEqual({ VISA: ['CHF', 'EUR'], MASTERCARD: ['CHF', 'EUR'], TWINT: ['CHF'] });
    const shown = await admin.get(`/api/v1/connections/${response.body.id}`);
    expect(shown.text).not.toContain(stripeCredentials.secretKey);
    expect(shown.text).not.toContain(stripeCredentials.webhookSecret);
  });

  it('warns when no bank account receives the payouts: the money would stay at Stripe', async () => {
    const { admin, response } = await create('sandbox', noBankCredentials);
    const verdict = await admin.post<Verdict>(`/api/v1/connections/${response.body.id}/verify`);
    expect(verdict.body.result).toBe('ok');
    expect(verdict.body.message).toContain('no bank account is set for payouts, so the money stays at Stripe');
    expect(verdict.body.message).toContain('cannot pay out yet');
  });

  it('says the secret key is wrong when Stripe refuses it', async () => {
    const { admin, response } = await create('sandbox', { ...stripeCredentials, secretKey: 'sk_test_51UnknownKey000' });
    const verdict = await admin.post<Verdict>(`/api/v1/connections/${response.body.id}/verify`);
    expect(verdict.body.result).toBe('credentials_wrong');
    expect(verdict.body.message).toContain('Stripe refused the secret key (401)');
  });

  it('the simulator refuses a live key for a test-mode account and answers live objects for a live one', async () => {
    expect(liveCredentials.secretKey.startsWith('sk_live_')).toBe(true);
    const { admin, response } = await create('live', liveCredentials);
    expect(response.status).toBe(201);
    // A live service calls Stripe's own host, which this machine cannot reach: unreachable, never a guess.
    const verdict = await admin.post<Verdict>(`/api/v1/connections/${response.body.id}/verify`);
    expect(verdict.body.result).toBe('unreachable');
  });
});
