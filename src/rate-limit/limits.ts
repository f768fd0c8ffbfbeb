// The limits, by name. Each counts hits per key in fixed windows (rate-limit/counter.ts).
// The numbers leave a payer room to be clumsy and an attacker little to gain: a fixed
// window lets a client spend one window's allowance at its end and the next at the start
// of the next, so even twice a limit in a short time must be harmless.

export interface RateLimit {
  /** The counter's name in the rate_limits table. */
  bucket: string;
  /** Hits allowed per window; the next one is refused until the window ends. */
  max: number;
  windowMs: number;
}

const tenMinutes = 10 * 60_000;

/**
 * New payment attempts on one invoice (every pay link of it). Each one opens a session at
 * the provider under the merchant's credentials. A payer whose card is declined tries again,
 * perhaps with another card or TWINT, a few times; ten in ten minutes is more than anyone
 * paying needs, while pressing the same button again costs nothing (the open attempt is
 * reused, services/start-payment.ts).
 */
export const attemptsPerInvoice: RateLimit = { bucket: 'attempts:invoice', max: 10, windowMs: tenMinutes };

/**
 * New payment attempts from one client address, over all invoices. Higher than per invoice:
 * an accounts clerk paying several invoices, or an office behind one address, must not be
 * stopped; a flood over many pay links is.
 */
export const attemptsPerAddress: RateLimit = { bucket: 'attempts:address', max: 30, windowMs: tenMinutes };

/**
 * Wrong API keys (401) from one client address. A misconfigured accounting system fails on
 * every call and shows up in its logs long before twenty; someone trying keys gets twenty
 * in ten minutes, which against 192-bit keys is nothing.
 *
 * API keys are checked on every request, so only failures are counted, and an address over
 * the limit is refused before its key is looked at (`refuseWhenUsedUp`). A burst of
 * parallel wrong keys can overshoot by its width before the first failures are counted.
 * Logins (passwords are guessable, logins are rare) should count every try first instead
 * (`countHit`) and give a successful one back, which bounds parallel guesses too; keyed by
 * address and by account, in buckets of their own (`login:address`, `login:account`).
 */
export const failedApiKeysPerAddress: RateLimit = { bucket: 'auth:api-key', max: 20, windowMs: tenMinutes };

/**
 * Invoice PDFs fetched through a pay link, per client address. A PDF with its QR-bill costs
 * milliseconds of CPU where the page costs microseconds, so a loop over one link could keep a
 * core busy; a payer, or a clerk downloading a pile of invoices, needs far fewer than sixty.
 */
export const payerPdfsPerAddress: RateLimit = { bucket: 'pdf:address', max: 60, windowMs: tenMinutes };

const fifteenMinutes = 15 * 60_000;

/**
 * Sign-ins to one account (e-mail address). Every try is counted first and a successful one
 * given back, so parallel guesses are bounded too: five wrong passwords and the account
 * refuses tries until the window ends. Someone could lock a person out this way for fifteen
 * minutes at a time; that is the usual price for making guessing useless, and the person can
 * still reset the password by e-mail.
 */
export const signInsPerAccount: RateLimit = { bucket: 'login:account', max: 5, windowMs: fifteenMinutes };

/** Sign-ins from one client address, over all accounts: an office shares one address. */
export const signInsPerAddress: RateLimit = { bucket: 'login:address', max: 30, windowMs: fifteenMinutes };

/** Password-reset e-mails: a few per address and per account an hour, so nobody floods an inbox. */
export const resetsPerAccount: RateLimit = { bucket: 'reset:account', max: 3, windowMs: 60 * 60_000 };
export const resetsPerAddress: RateLimit = { bucket: 'reset:address', max: 10, windowMs: 60 * 60_000 };
