// SwissBilling on PostFinance e-Payment behind the payment adapter interface: its rules are
// checked before anything leaves, the payer's browser posts a signed form to the hosted page,
// and DirectLink does the rest (querydirect, RFS refunds, DES cancellation, verification).
import { randomToken } from '../../crypto.js';
import { isLanguage } from '../../i18n.js';
import { directLinkFor, maintainAndQuery } from './maintenance.js';
import { loadSwissBillingInvoice, swissBillingForm } from './swissbilling-form.js';
import { queryPostFinanceAttempt } from './settle-feedback.js';
import { type PaymentAdapter, ProviderError, type VerifyAnswer } from '../types.js';
import { postfinanceCallbackRoutes } from './callback-routes.js';
import { postfinanceCredentialFields, postfinanceHosts, postfinanceSettingsSchema } from './credentials.js';
import { checkRefundAtPostFinance, refundAtPostFinance } from './refund.js';
import { type SwissBillingRule, swissBillingViolations } from './swissbilling.js';

/** The accountant's words for each rule; the payer's are in templates/pages (rule_…). */
const ruleWords: Record<SwissBillingRule, string> = {
  currency_chf: 'the invoice is not in CHF',
  country_ch_li: 'the billing address is outside Switzerland and Liechtenstein',
  names_required: 'the contact lacks a first or last name',
  company_required: 'the contact lacks a company name (B2B)',
  street_number_required: 'the address lacks a house number',
  price_positive: 'a line has no price above zero',
  email_required: 'the contact has no e-mail address',
};

const verifyAnswers: Record<string, VerifyAnswer> = {
  '50001130': { result: 'ok', message: 'PostFinance accepts the PSPID, the API user and the DirectLink passphrase.' },
  '50001118': { result: 'credentials_wrong', message: 'PostFinance does not know this PSPID (50001118).' },
  '50001119': { result: 'credentials_wrong', message: 'PostFinance refused the API user or its password (50001119).' },
  '50001111': {
    result: 'credentials_wrong',
    message: 'PostFinance refused the signed request (50001111): check the DirectLink passphrase and the hash algorithm.',
  },
  '50001116': { result: 'error', message: "PostFinance does not accept requests from this server's IP address (50001116)." },
};

export const postfinanceAdapter: PaymentAdapter = {
  hosts: postfinanceHosts,
  credentialFields: postfinanceCredentialFields,
  choices: { SWISSBILLING: ['SWISSBILLING'] },
  // A Swiss credit product: invoices in CHF only (shared/specs/postfinance.md §6).
  methodCurrencyLimits: { SWISSBILLING: ['CHF'] },

  async refusal(tx, { invoice, connection }) {
    const mode = postfinanceSettingsSchema.safeParse(connection.settings).data?.mode ?? 'B2C';
    const rules = swissBillingViolations(await loadSwissBillingInvoice(tx, invoice), mode);
    if (rules.length === 0) return null;
    return { rules, reason: `Pay by invoice refused before sending: ${rules.map((rule) => ruleWords[rule]).join('; ')}.` };
  },

  // A new ORDERID per attempt: the platform refuses a second payment on the same order, and
  // a payer may try again after a decline. 40 characters at most.
  orderId: (invoice) => `${(invoice.paymentReference ?? invoice.id.slice(0, 25)).slice(0, 33)}-${randomToken(6).replace(/[^A-Za-z0-9]/g, '0').slice(0, 6).toUpperCase()}`,

  start: async (deps, { attempt, connection, invoice, tenant, language }) => ({
    form: await swissBillingForm(deps, { connection, attempt, invoice, tenant, language }),
  }),

  // The session at the platform is the ORDERID: the same signed form for the same ORDERID (in
  // the attempt's own language) opens the same order, and the platform takes one payment on it.
  reusable: () => true,
  reopen: async (deps, { attempt, connection, invoice, tenant }) => ({
    form: await swissBillingForm(deps, { connection, attempt, invoice, tenant, language: isLanguage(attempt.language) ? attempt.language : 'de' }),
  }),

  reconcile: async (deps, { attempt, connection }) => (await queryPostFinanceAttempt(deps, connection, attempt)).state,

  refund: refundAtPostFinance,
  checkRefund: checkRefundAtPostFinance,
  // DirectLink RFS on a SwissBilling order takes back the whole invoice (shared/specs/postfinance.md).
  refundsWholeAmountOnly: 'SwissBilling',
  // The payer comes back to /pay-feedback with signed feedback, served by these routes.
  routes: postfinanceCallbackRoutes,

  /** DES; 61 (deletion waiting) is finished by the status-change post-sale with STATUS 6. */
  async cancel(deps, { attempt, connection }) {
    const { status } = await maintainAndQuery(deps, connection, { payId: attempt.providerTransactionId!, operation: 'DES', amount: attempt.amount });
    return status.status === 6;
  },

  // A querydirect for an order that cannot exist: "cannot access original order" means the
  // platform accepted PSPID, user, password and signature.
  async verify(deps, connection) {
    try {
      const answer = await (await directLinkFor(deps, connection)).query({ orderId: `VERIFY-${randomToken(9)}` });
      return verifyAnswers[answer.ncError] ?? { result: 'error', message: `PostFinance answered NCERROR ${answer.ncError || '0'}: ${answer.ncErrorPlus}` };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (error.providerCode === 'COMMUNICATION_FAILED') return { result: 'unreachable', message: 'PostFinance could not be reached from this server.' };
      return { result: 'error', message: `PostFinance answered ${error.providerCode}: ${error.userMessage}` };
    }
  },
};
