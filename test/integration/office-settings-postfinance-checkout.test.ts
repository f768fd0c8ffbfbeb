// PostFinance Checkout in the back office's wizard: its own steps and words (space, then an
// application user with a role), and verify's answer when the user has no role on the space.
import { describe, expect, it } from 'vitest';
import { defaultPostFinanceCheckoutSandbox } from '../../src/sandbox/postfinance-checkout/state.js';
import { hiddenValue, settingsStage, visibleText } from '../helpers/office-settings.js';

const wizard = '/office/settings/payment-services/new/postfinance-checkout';

describe('PostFinance Checkout in the settings', () => {
  it('asks for the space, then the application user, and says in words that the user lacks a role', async () => {
    const { visitor } = await settingsStage();
    expect(visibleText(await visitor.get('/office/settings/payment-services/new'))).toContain('Add PostFinance Checkout');
    const first = await visitor.get(wizard);
    expect(visibleText(first)).toContain('Step 1 of 3: Space');
    expect(visibleText(first)).toContain('Space ID');
    const space = defaultPostFinanceCheckoutSandbox.spaces[0]!.spaceId;
    const second = await visitor.post(wizard, { step: '0', carry: '', environment: 'sandbox', 'credentials.spaceId': space });
    expect(visibleText(second)).toContain('Step 2 of 3: Application user');
    expect(visibleText(second)).toContain('Application user ID');
    expect(visibleText(second)).toContain('give it a role on this space and on the account');
    // The sandbox's user without any role.
    const roleless = defaultPostFinanceCheckoutSandbox.users.find((user) => user.spaceIds.length === 0)!;
    const third = await visitor.post(wizard, {
      step: '1',
      carry: hiddenValue(second, 'carry'),
      'credentials.userId': roleless.userId,
      'credentials.authenticationKey': roleless.authenticationKey,
      'credentials.webhookSignatures': 'required',
    });
    const created = await visitor.post(wizard, { step: '2', carry: hiddenValue(third, 'carry'), label: 'PostFinance Checkout', methods: ['POSTFINANCE_CARD', 'POSTFINANCE_EFINANCE'], currencies: ['CHF'] });
    expect(created.status, visibleText(created).slice(300, 1500)).toBe(303);
    const servicePage = await visitor.get(created.location!);
    const verified = await visitor.post(`${created.location!.split('?')[0]}/verify`, {});
    expect(visibleText(verified)).toContain('The application user has no role on the space.');
    expect(visibleText(verified)).toContain('An administrator must give the application user a role on the space and on the account');
    expect(servicePage.status).toBe(200);
  });
});
