// "Does this connection work?" in plain words (issue 14): the space is read with the
// application user's own credentials, then its payment method configurations. What each
// method's contract covers is kept per method, so the pay page offers only that.
import type { connections } from '../../db/schema.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { ProviderError, type VerifyAnswer } from '../types.js';
import { checkoutClientFor } from './client-for.js';
import { methodOfConfiguration } from './methods.js';

type Connection = typeof connections.$inferSelect;

export async function verifyCheckout(deps: PaymentDeps, connection: Connection, limits: Readonly<Record<string, readonly string[]>>): Promise<VerifyAnswer> {
  const spaceId = String((connection.settings as { spaceId?: unknown }).spaceId ?? '');
  try {
    const client = await checkoutClientFor(deps, connection);
    const space = await client.readSpace();
    const offered = new Set(
      (await client.methodConfigurations()).filter((c) => (c.state ?? 'ACTIVE') === 'ACTIVE').map(methodOfConfiguration),
    );
    // The platform does not tell a configuration's currencies in what we read (UNCONFIRMED,
    // spec §11): a configured method covers the enabled currencies it can exist in at all;
    // a method the space has no active configuration for covers none.
    const methodCurrencies = Object.fromEntries(
      connection.methods.map((method) => [method, offered.has(method) ? connection.currencies.filter((c) => !limits[method] || limits[method].includes(c)) : []]),
    );
    const list = Object.entries(methodCurrencies)
      .map(([method, currencies]) => `${method} (${currencies.length > 0 ? currencies.join(', ') : 'not offered'})`)
      .join(', ');
    return {
      result: 'ok',
      message: `PostFinance Checkout accepts the credentials; space ${space.name ?? spaceId} offers: ${list}.`,
      methodCurrencies,
    };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    switch (error.httpStatus) {
      case 401:
        return { result: 'credentials_wrong', message: 'PostFinance Checkout refused the application user id or its authentication key (401): check both, or create a new key for the user.' };
      case 403:
        return {
          result: 'no_role',
          message:
            `The application user has no role on space ${spaceId} or its account (403). An administrator must give the application user ` +
            'a role on the space and on the account (Account > Users > Application Users > Roles), then verify again.',
        };
      case 404:
        return { result: 'space_not_found', message: `PostFinance Checkout has no space ${spaceId} (404): check the space id.` };
    }
    if (error.outcome === 'unknown') return { result: 'unreachable', message: `PostFinance Checkout could not be asked (${error.userMessage}).` };
    return { result: 'error', message: `PostFinance Checkout answered ${error.providerCode}: ${error.userMessage}` };
  }
}
