// The page a payer lands on after the provider: paid, declined (with the provider's words
// for it and a way to try again) or still processing.
import type { Context } from 'hono';
import type { paymentAttempts } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { fill, isLanguage } from '../i18n.js';
import { chooseLanguage, pageTexts } from '../pay/texts.js';
import { MessagePage } from '../pay/views.js';

export function resultPage(
  c: Context<AppEnv>,
  attempt: typeof paymentAttempts.$inferSelect,
  found: { number: string; token: string },
) {
  const language = chooseLanguage(c, isLanguage(attempt.language) ? attempt.language : undefined);
  const t = pageTexts(language);
  const backHref = `/pay/${found.token}?lang=${language}`;
  if (attempt.state === 'captured') {
    return c.html(
      <MessagePage language={language} title={t.resultPaidTitle} text={fill(t.resultPaidText, { number: found.number })} backHref={backHref} backText={t.back} />,
    );
  }
  if (attempt.state === 'abandoned') {
    return c.html(<MessagePage language={language} title={t.resultCancelledTitle} text={t.resultCancelledText} backHref={backHref} backText={t.tryAgain} />);
  }
  if (attempt.state === 'failed' || attempt.state === 'cancelled') {
    const text = attempt.payerMessage ? `${attempt.payerMessage}. ${t.resultDeclinedText}` : t.resultDeclinedText;
    return c.html(<MessagePage language={language} title={t.resultDeclinedTitle} text={text} backHref={backHref} backText={t.tryAgain} />);
  }
  return c.html(
    // Reloads itself: the page asks the provider again (Saferpay) or sees the capture a
    // concurrent post-sale finished (PostFinance); 10 s keeps provider calls rare.
    <MessagePage language={language} title={t.resultProcessingTitle} text={t.resultProcessingText} backHref={selfHref(c)} backText={t.reload} refreshSeconds={10} />,
  );
}

/** This page again, with its query (PostFinance's signed feedback is in it), relative to the host. */
function selfHref(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}
