// Stripe in the back office's wizard: its own steps and words (the API keys, then the
// webhook endpoint), the key guard's refusal shown beside the field in plain words, and
// verify's answer with the payout warning.
import { describe, expect, it } from 'vitest';
import { defaultStripeSandbox } from '../../src/sandbox/stripe/state.js';
import { hiddenValue, settingsStage, visibleText } from '../helpers/office-settings.js';

const wizard = '/office/settings/payment-services/new/stripe';

describe('Stripe in the settings', () => {
  it('asks for the keys, then the signing secret, refuses live keys on a sandbox service, and verifies', async () => {
    const { visitor } = await settingsStage();
    expect(visibleText(await visitor.get('/office/settings/payment-services/new'))).toContain('Add Stripe');
    const first = await visitor.get(wizard);
    expect(visibleText(first)).toContain('Step 1 of 3: API keys');
    expect(visibleText(first)).toContain('Publishable key');
    const account = defaultStripeSandbox.accounts.find((a) => !a.bankAccount)!;
    const live = defaultStripeSandbox.accounts.find((a) => a.livemode)!;
    const keys = (a: typeof account) => ({ 'credentials.publishableKey': a.publishableKey, 'credentials.secretKey': a.secretKeys[0]! });
    const second = await visitor.post(wizard, { step: '0', carry: '', environment: 'sandbox', ...keys(account) });
    expect(visibleText(second)).toContain('Step 2 of 3: Webhook endpoint');
    expect(visibleText(second)).toContain('/callbacks/stripe/');
    const third = await visitor.post(wizard, { step: '1', carry: hiddenValue(second, 'carry'), 'credentials.webhookSecret': account.webhookSecret });
    const created = await visitor.post(wizard, { step: '2', carry: hiddenValue(third, 'carry'), label: 'Stripe', methods: ['VISA', 'MASTERCARD', 'TWINT'], currencies: ['CHF'] });
    expect(created.status, visibleText(created).slice(300, 1500)).toBe(303);
    const verified = await visitor.post(`${created.location!.split('?')[0]}/verify`, {});
    expect(visibleText(verified)).toContain('no bank account is set for payouts, so the money stays at Stripe');

    // Live keys on a sandbox service: refused in words, nothing created.
    const liveFirst = await visitor.post(wizard, { step: '0', carry: '', environment: 'sandbox', ...keys(live) });
    const liveSecond = await visitor.post(wizard, { step: '1', carry: hiddenValue(liveFirst, 'carry'), 'credentials.webhookSecret': live.webhookSecret });
    const refused = await visitor.post(wizard, { step: '2', carry: hiddenValue(liveSecond, 'carry'), label: 'Stripe live', methods: ['VISA'], currencies: ['CHF'] });
    expect(refused.status).not.toBe(303);
    expect(visibleText(refused)).toContain('charge real cards');
  });
});
