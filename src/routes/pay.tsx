// The online invoice: public, reached only through its unguessable pay link. It shows
// the invoice and Pay now; the token grants nothing else. Unknown, revoked and draft
// tokens all answer the same 404 page, so a guess learns nothing.
import { z } from '@hono/zod-openapi';
import { secureHeaders } from 'hono/secure-headers';
import { renderInvoicePdf } from '../documents/invoice-pdf.js';
import { createRouter, publicRoute } from '../http/router.js';
import { loadInvoiceDocument } from '../invoices/document.js';
import { loadPayPage } from '../pay/load-pay-page.js';
import { payPageCacheOf, payPageStamp } from '../pay/pay-page-cache.js';
import { faviconSvg } from '../pay/favicon.js';
import { payStylesheet } from '../pay/styles.js';
import { chooseLanguage, pageTexts } from '../pay/texts.js';
import { InvoicePage, MessagePage, ProviderFormPage, RefusedPage } from '../pay/views.js';
import { MethodUnavailablePage } from '../pay/method-unavailable-page.js';
import { officialOrigins, paymentAdapters } from '../providers/adapters.js';
import { isPayChoice } from '../providers/types.js';
import { fill } from '../i18n.js';
import { autoSubmitScriptHash } from '../pay/auto-submit.js';
import { pdfResponse } from './invoice-actions.js';
import { notFoundPage, resultPage } from './payment-result.js';
import { DomainError } from '../errors.js';
import { paymentDeps, sandboxEnabled } from '../payments/deps.js';
import { findAttemptBySecret } from '../payments/find-attempt.js';
import { settleWithinPayerWait } from '../payments/payer-wait.js';
import { awaitSettled } from '../payments/settling.js';
import { startPayment } from '../services/start-payment.js';
import { countHit } from '../rate-limit/counter.js';
import { payerPdfsPerAddress } from '../rate-limit/limits.js';
import { addressKey } from '../http/client-address.js';
import { payerPagePrefixes, payerReturnPaths } from '../pay/return-paths.js';
import { setAnsweredHeader } from '../http/response-headers.js';

export const payRoutes = createRouter();

const payerPageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    // A redirect after a form post is checked against form-action too: the providers'
    // payment pages must be listed (a sandbox on another origin is not).
    formAction: ["'self'", ...officialOrigins()],
    scriptSrc: [autoSubmitScriptHash],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  referrerPolicy: 'no-referrer',
  xFrameOptions: 'DENY',
});
for (const prefix of payerPagePrefixes) {
  payRoutes.use(`${prefix}/*`, payerPageHeaders);
  payRoutes.use(`${prefix}/*`, async (c, next) => {
    await next();
    setAnsweredHeader(c, 'Cache-Control', 'no-store');
    setAnsweredHeader(c, 'X-Robots-Tag', 'noindex');
  });
}

const tokenParams = z.object({
  token: z
    .string()
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
});
const langQuery = z.object({ lang: z.string().max(5).optional() });
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

payRoutes.get('/assets/pay.css', (c) => {
  c.header('Cache-Control', 'public, max-age=3600');
  return c.body(payStylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8' });
});

// Browsers ask for /favicon.ico whatever the page links; an SVG answers both.
payRoutes.get('/favicon.ico', (c) => {
  c.header('Cache-Control', 'public, max-age=86400');
  return c.body(faviconSvg, 200, { 'Content-Type': 'image/svg+xml' });
});

payRoutes.openapi(
  publicRoute([], {
    method: 'get',
    path: '/pay/{token}',
    operationId: 'showOnlineInvoice',
    tags: ['online invoice'],
    summary: 'The online invoice with Pay now (HTML, public)',
    request: { params: tokenParams, query: langQuery },
    responses: {
      200: html('The invoice'),
      404: html('Unknown or revoked link'),
      410: html('Cancelled invoice'),
    },
  }),
  async (c) => {
    const { token } = c.req.valid('param');
    const { db } = c.get('deps');
    const sandbox = sandboxEnabled(c.get('deps'));
    // A fingerprint of everything the page shows; the page rendered for it before is reused.
    const stamp = await payPageStamp(db, token);
    if (!stamp || stamp.status === 'draft') return notFoundPage(c);
    const language = chooseLanguage(c, stamp.contactLanguage);
    c.header('Content-Language', language);
    const cache = payPageCacheOf(db);
    const key = `${token}|${language}|${sandbox}`;
    const cached = cache.get(key, stamp.fingerprint);
    if (cached) return c.html(cached.html, cached.status);
    const page = await loadPayPage(db, token, sandbox);
    if (!page) return notFoundPage(c);
    const t = pageTexts(language);
    const rendered =
      page.invoice.status === 'cancelled'
        ? { html: await (<MessagePage language={language} title={t.cancelledTitle} text={t.cancelledText} />).toString(), status: 410 as const }
        : { html: await (<InvoicePage page={page} token={token} language={language} t={t} />).toString(), status: 200 as const };
    cache.set(key, { fingerprint: stamp.fingerprint, ...rendered });
    return c.html(rendered.html, rendered.status);
  },
);

payRoutes.openapi(
  publicRoute([], {
    method: 'get',
    path: '/pay/{token}/invoice.pdf',
    operationId: 'downloadOnlineInvoicePdf',
    tags: ['online invoice'],
    summary: 'The invoice PDF for the payer (public)',
    request: { params: tokenParams },
    responses: {
      200: { description: 'PDF', content: { 'application/pdf': { schema: z.string() } } },
      404: html('Unknown or revoked link'),
      410: html('Cancelled invoice'),
      429: html('Too many PDFs from this address; Retry-After says when to try again'),
    },
  }),
  async (c) => {
    const { db, publicBaseUrl } = c.get('deps');
    const page = await loadPayPage(db, c.req.valid('param').token, sandboxEnabled(c.get('deps')));
    if (!page) return notFoundPage(c);
    const language = chooseLanguage(c, page.language);
    if (page.invoice.status === 'cancelled') {
      const t = pageTexts(language);
      return c.html(<MessagePage language={language} title={t.cancelledTitle} text={t.cancelledText} />, 410);
    }
    const verdict = await countHit(db, payerPdfsPerAddress, addressKey(c.get('deps').clientAddress(c)), c.get('deps').now());
    if (!verdict.allowed) {
      const t = pageTexts(language);
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      const text = fill(t.rateLimitedText, { minutes: String(Math.ceil(verdict.retryAfterSeconds / 60)) });
      return c.html(<MessagePage language={language} title={t.rateLimitedTitle} text={text} backHref={`/pay/${c.req.valid('param').token}`} backText={t.back} />, 429);
    }
    const document = await loadInvoiceDocument(db, page.invoice.tenantId, page.invoice.id, publicBaseUrl, sandboxEnabled(c.get('deps')));
    if (!document) return notFoundPage(c);
    return pdfResponse(await renderInvoicePdf(document), `${document.invoice.number}.pdf`);
  },
);

payRoutes.openapi(
  // A form body over 64 KiB is refused before it is read.
  publicRoute(['payload_too_large'], {
    method: 'post',
    path: '/pay/{token}/attempts',
    operationId: 'startPaymentAttempt',
    tags: ['online invoice'],
    summary: 'The payer chose a method: start a payment attempt and go to the provider',
    request: {
      params: tokenParams,
      query: langQuery,
      body: {
        required: true,
        content: { 'application/x-www-form-urlencoded': { schema: z.object({ option: z.string().max(100) }) } },
      },
    },
    responses: {
      200: html('An auto-submitting form to the provider (SwissBilling)'),
      303: { description: "To the provider's payment page" },
      400: html('The chosen method is not one this invoice offers (a forged or outdated button), with the way back'),
      422: html('Pay by invoice is not possible, with the reasons; or the method has no contract for the currency, with the remaining ways to pay'),
      404: html('Unknown or revoked link'),
      409: html('Nothing left to pay; or the method is not available yet: its payment service has no credentials'),
      429: html('Too many new payment attempts from this address or for this invoice; Retry-After says when to try again'),
      502: html('The provider did not start the payment'),
    },
  }),
  async (c) => {
    const { token } = c.req.valid('param');
    const page = await loadPayPage(c.get('deps').db, token, sandboxEnabled(c.get('deps')));
    if (!page) return notFoundPage(c);
    const language = chooseLanguage(c, page.language);
    const t = pageTexts(language);
    const back = { backHref: `/pay/${token}?lang=${language}`, backText: t.back };
    try {
      const deps = c.get('deps');
      const started = await startPayment(paymentDeps(deps), { token, option: c.req.valid('form').option, language, clientAddress: deps.clientAddress(c) });
      if ('redirectUrl' in started) return c.redirect(started.redirectUrl, 303);
      return c.html(<ProviderFormPage language={language} t={t} action={started.form.action} fields={started.form.fields} />);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'method_unavailable') {
        return c.html(<MessagePage language={language} title={t.notAvailableTitle} text={t.notAvailableText} {...back} />, 409);
      }
      if (error.code === 'provider_unavailable') {
        return c.html(<MessagePage language={language} title={t.startFailedTitle} text={t.startFailedText} {...back} />, 502);
      }
      if (error.code === 'invoice_not_payable') return c.redirect(`/pay/${token}?lang=${language}`, 303);
      if (error.code === 'rate_limited') {
        const seconds = Number(error.extra.retryAfterSeconds);
        c.header('Retry-After', String(seconds));
        const text = fill(t.rateLimitedText, { minutes: String(Math.ceil(seconds / 60)) });
        return c.html(<MessagePage language={language} title={t.rateLimitedTitle} text={text} {...back} />, 429);
      }
      const unavailable = typeof error.extra.unavailableChoice === 'string' ? error.extra.unavailableChoice : undefined;
      if (error.code === 'payment_refused' && isPayChoice(unavailable)) {
        // Read again: the method that has no contract is gone from what remains.
        const fresh = (await loadPayPage(c.get('deps').db, token, sandboxEnabled(c.get('deps')))) ?? page;
        const test = error.extra.environment !== 'live';
        return c.html(<MethodUnavailablePage page={fresh} choice={unavailable} test={test} token={token} language={language} t={t} />, 422);
      }
      if (error.code === 'payment_refused') {
        const rules = (error.extra.rules as string[] | undefined) ?? [];
        return c.html(<RefusedPage language={language} t={t} rules={rules} backHref={back.backHref} />, 422);
      }
      return c.html(<MessagePage language={language} title={t.notAvailableTitle} text={error.detail} {...back} />, 400);
    }
  },
);

// Documented under the current path; the old one answers the same, outside the document.
for (const [base, hide] of [[payerReturnPaths.current, false], [payerReturnPaths.before, true]] as const) {
  payRoutes.openapi(
    {
      ...publicRoute([], {
        method: 'get',
        path: `${base}/{secret}`,
        operationId: 'showPaymentResult',
        tags: ['online invoice'],
        summary: 'Where the provider sends the payer back: asks the provider and shows the outcome',
        request: { params: z.object({ secret: z.string().max(200) }) },
        responses: { 200: html('Paid, declined or still processing'), 404: html('Unknown attempt') },
      }),
      hide,
    },
    async (c) => {
      const deps = c.get('deps');
      const found = await findAttemptBySecret(deps.db, c.req.valid('param').secret);
      if (!found) return notFoundPage(c);
      const payment = paymentDeps(deps);
      const returned = paymentAdapters[found.attempt.provider].payerReturned;
      if (!returned) return resultPage(c, found.attempt, found);
      // A callback may be settling this attempt right now: then wait a little for its result.
      const attempt = await settleWithinPayerWait(payment, found.attempt.id, async () =>
        awaitSettled(payment, (await returned(payment, found.attempt.id)).id),
      );
      return resultPage(c, attempt, found);
    },
  );
}
