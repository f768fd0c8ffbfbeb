// The page a payer lands on after the provider: paid, received but being checked (money that
// does not match what was asked), declined (with the provider's words for it and a way to
// try again), cancelled, refunded or still processing. A sandbox or test payment service
// keeps the TEST banner here too.
import type { Context } from 'hono';
import type { paymentAttempts } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { fill, isLanguage } from '../i18n.js';
import { loadPaymentResult } from '../pay/load-payment-result.js';
import { paymentOutcome } from '../pay/payment-outcome.js';
import { chooseLanguage, pageTexts } from '../pay/texts.js';
import { MessagePage } from '../pay/views.js';

export async function resultPage(
  c: Context<AppEnv>,
  attempt: typeof paymentAttempts.$inferSelect,
  found: { number: string; token: string },
) {
  const language = chooseLanguage(c, isLanguage(attempt.language) ? attempt.language : undefined);
  const t = pageTexts(language);
  const { invoiceStatus, test } = await loadPaymentResult(c.get('deps').db, attempt.id);
  const page = { language, test, backHref: `/pay/${found.token}?lang=${language}` };
  const number = { number: found.number };
  switch (paymentOutcome(attempt, invoiceStatus)) {
    case 'paid':
      return c.html(<MessagePage {...page} title={t.resultPaidTitle} text={fill(t.resultPaidText, number)} backText={t.back} />);
    case 'checking':
      return c.html(<MessagePage {...page} title={t.resultCheckingTitle} text={fill(t.resultCheckingText, number)} backText={t.back} />);
    case 'refunded':
      return c.html(<MessagePage {...page} title={t.resultRefundedTitle} text={fill(t.resultRefundedText, number)} backText={t.back} />);
    case 'abandoned':
      return c.html(<MessagePage {...page} title={t.resultCancelledTitle} text={t.resultCancelledText} backText={t.tryAgain} />);
    case 'declined': {
      const text = attempt.payerMessage ? `${attempt.payerMessage}. ${t.resultDeclinedText}` : t.resultDeclinedText;
      return c.html(<MessagePage {...page} title={t.resultDeclinedTitle} text={text} backText={t.tryAgain} />);
    }
    case 'processing':
      return c.html(
        // Reloads itself: the page asks the provider again (Saferpay) or sees the capture a
        // concurrent post-sale finished (PostFinance); 10 s keeps provider calls rare.
        <MessagePage {...page} title={t.resultProcessingTitle} text={t.resultProcessingText} backHref={selfHref(c)} backText={t.reload} refreshSeconds={10} />,
      );
  }
}

/** This page again, with its query (PostFinance's signed feedback is in it), relative to the host. */
function selfHref(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}

/** Unknown, revoked and draft links, and unknown attempts: one 404 page, so a guess learns nothing. */
export function notFoundPage(c: Context<AppEnv>) {
  const language = chooseLanguage(c, undefined);
  const t = pageTexts(language);
  return c.html(<MessagePage language={language} title={t.notFoundTitle} text={t.notFoundText} />, 404);
}

/**
 * Feedback the payer's browser brought back that we do not act on (a bad signature, a parameter
 * given twice, an unusable currency): a page in the payer's words, with the way back; the
 * provider's own record decides what happened.
 */
export function feedbackRefusedPage(c: Context<AppEnv>, found: { token: string; attempt: typeof paymentAttempts.$inferSelect }, status: 400 | 422) {
  const language = chooseLanguage(c, isLanguage(found.attempt.language) ? found.attempt.language : undefined);
  const t = pageTexts(language);
  return c.html(
    <MessagePage language={language} title={t.feedbackRefusedTitle} text={t.feedbackRefusedText} backHref={`/pay/${found.token}?lang=${language}`} backText={t.back} />,
    status,
  );
}
