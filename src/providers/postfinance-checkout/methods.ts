// Our method names for the space's payment method configurations. A configuration carries
// its name; the platform's ids of the payment methods behind them are UNCONFIRMED (spec §11),
// so the name is read, as an administrator would. A configuration renamed beyond recognition
// counts as no method: the button stays away rather than offer what the space may not have.
import type { MethodConfiguration } from './schemas.js';

const patterns: [RegExp, string][] = [
  [/e-?finance/i, 'POSTFINANCE_EFINANCE'],
  [/postfinance/i, 'POSTFINANCE_CARD'],
  [/twint/i, 'TWINT'],
  [/visa/i, 'VISA'],
  [/master ?card/i, 'MASTERCARD'],
];

export function methodOfConfiguration(configuration: Pick<MethodConfiguration, 'name'>): string | null {
  return patterns.find(([pattern]) => pattern.test(configuration.name))?.[1] ?? null;
}
