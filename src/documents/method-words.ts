// The offered methods in a sentence: "by card, with TWINT or by invoice". Texts name exactly
// the buttons the invoice's page shows (payments/offered-choices.ts), never a fixed list.
import type { PayChoice } from '../providers/types.js';

export interface MethodWords {
  methodCard: string;
  methodTwint: string;
  methodInvoice: string;
  methodPostFinance: string;
  or: string;
}

export function methodList(choices: PayChoice[], t: MethodWords): string {
  const word: Record<PayChoice, string> = { CARD: t.methodCard, TWINT: t.methodTwint, SWISSBILLING: t.methodInvoice, POSTFINANCE: t.methodPostFinance };
  const words = choices.map((choice) => word[choice]);
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${t.or} ${words.at(-1)}`;
}
