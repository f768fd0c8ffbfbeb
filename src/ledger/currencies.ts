// ISO 4217 minor units. Money everywhere is an integer count of these plus the code.
// Only active codes a Swiss SME could plausibly invoice or be paid in are listed; an
// unknown code is refused rather than guessed at.

const zeroDecimal = [
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
];
const threeDecimal = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
const twoDecimal = [
  'AED',
  'ARS',
  'AUD',
  'BAM',
  'BGN',
  'BRL',
  'CAD',
  'CHF',
  'CNY',
  'COP',
  'CZK',
  'DKK',
  'EGP',
  'EUR',
  'GBP',
  'GEL',
  'HKD',
  'HUF',
  'IDR',
  'ILS',
  'INR',
  'KZT',
  'MAD',
  'MXN',
  'MYR',
  'NOK',
  'NZD',
  'PEN',
  'PHP',
  'PKR',
  'PLN',
  'QAR',
  'RON',
  'RSD',
  'SAR',
  'SEK',
  'SGD',
  'THB',
  'TRY',
  'TWD',
  'UAH',
  'USD',
  'ZAR',
];

const minorUnitsByCode = new Map<string, number>([
  ...zeroDecimal.map((code) => [code, 0] as const),
  ...twoDecimal.map((code) => [code, 2] as const),
  ...threeDecimal.map((code) => [code, 3] as const),
]);

/** Every known code with its minor units, for the queries that format amounts in the database. */
export function currenciesByMinorUnits(): ReadonlyMap<number, readonly string[]> {
  return new Map([
    [0, zeroDecimal],
    [2, twoDecimal],
    [3, threeDecimal],
  ]);
}

export function isKnownCurrency(code: string): boolean {
  return minorUnitsByCode.has(code);
}

/** Decimal places of the currency's minor unit; throws for a code not in the table. */
export function minorUnits(code: string): number {
  const units = minorUnitsByCode.get(code);
  if (units === undefined) throw new Error(`unknown currency ${code}`);
  return units;
}

/** 12345 CHF → "123.45"; 12 JPY → "12"; -5 CHF → "-0.05". For exports and documents only. */
export function formatMinor(amount: number, currency: string): string {
  const units = minorUnits(currency);
  const sign = amount < 0 ? '-' : '';
  const digits = Math.abs(amount)
    .toString()
    .padStart(units + 1, '0');
  if (units === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -units)}.${digits.slice(-units)}`;
}
