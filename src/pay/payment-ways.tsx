// How the payer can pay, on the online invoice and on the page after a method turned out
// unavailable: a button per offered method; with none, the QR-bill in the PDF; where the
// invoice has no QR-bill either (USD, GBP), the bank details for a transfer. No dead end.
import { bankTransfer, hasQrBill } from '../documents/bank-transfer.js';
import type { Language } from '../i18n.js';
import type { OfferedChoice } from '../payments/offered-choices.js';
import type { PayChoice } from '../providers/types.js';
import type { PayPage } from './load-pay-page.js';
import type { PageTexts } from './texts.js';

const brandNames: Record<string, string> = { VISA: 'Visa', MASTERCARD: 'Mastercard' };

export const choiceLabel = (choice: PayChoice, t: PageTexts) =>
  ({ CARD: t.methodCard, TWINT: t.methodTwint, SWISSBILLING: t.methodInvoice, POSTFINANCE: t.methodPostFinance })[choice];

/** A card button names the brands whose contract covers the currency: "Visa" when only Visa does. */
function optionLabel(option: OfferedChoice, t: PageTexts): string {
  const [only, ...more] = option.methods;
  if (option.choice === 'CARD' && only && more.length === 0) return brandNames[only] ?? only;
  return choiceLabel(option.choice, t);
}

const choiceClass: Record<PayChoice, string> = {
  CARD: 'pay-button card',
  TWINT: 'pay-button twint',
  SWISSBILLING: 'pay-button invoice',
  POSTFINANCE: 'pay-button postfinance',
};

export function PayButtons({ options, token, language, t }: { options: OfferedChoice[]; token: string; language: Language; t: PageTexts }) {
  return (
    <form method="post" action={`/pay/${token}/attempts?lang=${language}`}>
      <div class="pay-buttons">
        {options.map((option) => (
          <button type="submit" name="option" value={`${option.connectionId}:${option.choice}`} class={choiceClass[option.choice]}>
            {optionLabel(option, t)}
          </button>
        ))}
      </div>
    </form>
  );
}

/** Without an online method: the QR-bill where there is one, else where to transfer the money. */
/** No QR-bill and no online method: the page gives the bank details for a transfer (reference included). */
export const showsBankDetails = ({ invoice, creditor, options }: PayPage) =>
  options.length === 0 && !hasQrBill(invoice.currency) && Boolean(creditor.iban) && Boolean(invoice.paymentReference);

export function OfflinePayment({ page, t }: { page: PayPage; t: PageTexts }) {
  const { invoice, creditor } = page;
  if (!showsBankDetails(page) || !creditor.iban || !invoice.paymentReference) return <p class="notice">{t.noOnlinePayment}</p>;
  const transfer = bankTransfer({ ...creditor, iban: creditor.iban }, invoice.paymentReference);
  return (
    <div class="notice">
      <p>{t.payByTransfer}</p>
      <dl class="bank-details">
        <dt>{t.accountHolder}</dt>
        <dd>
          {transfer.holder}
          <br />
          {transfer.address}
        </dd>
        <dt>{t.iban}</dt>
        <dd>{transfer.iban}</dd>
        <dt>{t.transferReference}</dt>
        <dd>{transfer.reference}</dd>
      </dl>
    </div>
  );
}
