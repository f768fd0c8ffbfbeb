// The page after the provider said it has no contract for the chosen method in the invoice's
// currency (NO_CONTRACT): permanent, so it says so in the payer's language instead of "try
// again", and offers what remains on this invoice, or how to pay without an online method.
import { fill, type Language } from '../i18n.js';
import type { PayChoice } from '../providers/types.js';
import type { PayPage } from './load-pay-page.js';
import { OfflinePayment, PayButtons, choiceLabel } from './payment-ways.js';
import type { PageTexts } from './texts.js';
import { Layout } from './views.js';

export function MethodUnavailablePage(props: { page: PayPage; choice: PayChoice; test: boolean; token: string; language: Language; t: PageTexts }) {
  const { page, choice, token, language, t } = props;
  const method = choiceLabel(choice, t);
  const title = fill(t.methodUnavailableTitle, { method });
  const payable = ['sent', 'partially_paid'].includes(page.invoice.status) && page.openAmount > 0;
  return (
    <Layout title={title} language={language} test={props.test || page.options.some((option) => option.environment !== 'live')}>
      <section class="card">
        <h1>{title}</h1>
        <p>{fill(t.methodUnavailableText, { method, currency: page.invoice.currency })}</p>
        {payable && page.options.length > 0 && (
          <>
            <p class="label">{t.chooseAnother}</p>
            <PayButtons options={page.options} token={token} language={language} t={t} />
          </>
        )}
        {payable && page.options.length === 0 && <OfflinePayment page={page} t={t} />}
        <p>
          <a href={`/pay/${token}?lang=${language}`}>{t.back}</a>
        </p>
      </section>
    </Layout>
  );
}
