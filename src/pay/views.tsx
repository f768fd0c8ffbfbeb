// The public pages, server-rendered with Hono JSX: no client JavaScript is needed.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { PayPage } from './load-pay-page.js';
import { type Language, fill, formatDate, formatMoney, formatRate, languages } from '../i18n.js';
import { formatReference } from '../documents/payment-reference.js';
import { autoSubmitScript } from './auto-submit.js';
import { OfflinePayment, PayButtons, showsBankDetails } from './payment-ways.js';
import { type PageTexts, pageTexts as pageTextsFor } from './texts.js';

interface LayoutProps {
  /** Reloads the page by itself (a payment still processing), without any script. */
  refreshSeconds?: number;
  title: string;
  language: Language;
  test?: boolean;
  switcherHref?: (language: Language) => string;
  children: Child;
}

export function Layout({ title, language, test, switcherHref, refreshSeconds, children }: LayoutProps) {
  // Without a doctype, browsers render in quirks mode.
  return (
    <>
      {raw('<!doctype html>')}
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        {refreshSeconds && <meta http-equiv="refresh" content={String(refreshSeconds)} />}
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="stylesheet" href="/assets/pay.css" />
        <link rel="icon" href="/favicon.ico" type="image/svg+xml" />
      </head>
      <body>
        {test && (
          <div class="test-banner" role="status">
            {pageTextsFor(language).testBanner}
          </div>
        )}
        <div class="wrap">{children}</div>
        {switcherHref && (
          <footer>
            <nav aria-label={pageTextsFor(language).language}>
              {languages.map((lang) => (
                <a
                  href={switcherHref(lang)}
                  hreflang={lang}
                  aria-current={lang === language ? 'true' : undefined}
                >
                  {lang.toUpperCase()}
                </a>
              ))}
            </nav>
          </footer>
        )}
      </body>
    </html>
    </>
  );
}

export function InvoicePage({
  page,
  token,
  language,
  t,
}: {
  page: PayPage;
  token: string;
  language: Language;
  t: PageTexts;
}) {
  const { invoice, creditor } = page;
  const money = (amount: number) => formatMoney(amount, invoice.currency);
  const payable = (invoice.status === 'sent' || invoice.status === 'partially_paid') && page.openAmount > 0;
  const test = page.options.some((option) => option.environment !== 'live');
  return (
    <Layout
      title={fill(t.htmlTitle, { number: invoice.number ?? '', creditor: creditor.name })}
      language={language}
      test={test}
      switcherHref={(lang) => `/pay/${token}?lang=${lang}`}
    >
      <header>
        <div class="label">{t.from}</div>
        <div class="creditor">{creditor.name}</div>
      </header>
      <section class="card" aria-labelledby="due-heading">
        <h1 id="due-heading">
          {t.invoice} {invoice.number}
        </h1>
        {invoice.status === 'paid' ? (
          <p class="status-paid">
            {fill(t.paidOn, { date: invoice.paidAt ? formatDate(invoice.paidAt, language) : '' })} –{' '}
            {t.paidThanks}
          </p>
        ) : invoice.status === 'refunded' ? (
          // Nothing is owed any more: no amount due, and (not payable) no Pay now.
          <p class="notice" role="status">
            <strong>{t.refundedTitle}</strong> – {t.refundedText}
          </p>
        ) : (
          <>
            <div class="label">{t.amountDue}</div>
            <div class="amount">{money(page.openAmount)}</div>
            <p class="meta">
              {t.dueDate} {formatDate(invoice.dueDate, language)}
              {invoice.status === 'partially_paid' && (
                <> · {fill(t.partiallyPaid, { paid: money(invoice.paidAmount) })}</>
              )}
              {invoice.paymentReference && !showsBankDetails(page) && (
                // Next to the amount, grouped as on the QR-bill, for a payer typing a transfer
                // (the bank details below carry it themselves).
                <>
                  <br />
                  {t.reference} <span class="reference">{formatReference(invoice.paymentReference)}</span>
                </>
              )}
            </p>
          </>
        )}
        {payable && page.options.length > 0 && (
          <>
            <h2>{t.payNow}</h2>
            <p class="label">{t.chooseMethod}</p>
            <PayButtons options={page.options} token={token} language={language} t={t} />
          </>
        )}
        {payable && page.options.length === 0 && <OfflinePayment page={page} t={t} />}
      </section>
      <section class="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t.details}</h2>
        <p class="meta">
          {t.billedTo} {page.debtorName} · {t.invoiceDate} {formatDate(invoice.invoiceDate, language)}
        </p>
        <table>
          <thead>
            <tr>
              <th>{t.description}</th>
              <th class="num">{t.amount}</th>
            </tr>
          </thead>
          <tbody>
            {page.lines.map((line) => (
              <tr>
                <td>
                  {line.description}
                  <div class="line-meta">
                    {line.quantity} × {money(line.unitPrice)} ·{' '}
                    {fill(t.vatAt, { rate: formatRate(line.vatRate) })}
                  </div>
                </td>
                <td class="num">{money(line.netAmount)}</td>
              </tr>
            ))}
            <tr>
              <td>{t.netTotal}</td>
              <td class="num">{money(page.totals.netTotal)}</td>
            </tr>
            {page.vatGroups.map((group) => (
              <tr>
                <td>{fill(t.vatAt, { rate: formatRate(group.vatRate) })}</td>
                <td class="num">{money(group.vatAmount)}</td>
              </tr>
            ))}
            {page.totals.roundingAmount !== 0 && (
              <tr>
                <td>{t.rounding}</td>
                <td class="num">{money(page.totals.roundingAmount)}</td>
              </tr>
            )}
            <tr class="total">
              <td>{t.total}</td>
              <td class="num">{money(page.totals.total)}</td>
            </tr>
          </tbody>
        </table>
        <a class="pdf" href={`/pay/${token}/invoice.pdf`}>
          {t.downloadPdf}
        </a>
      </section>
    </Layout>
  );
}

export function MessagePage({
  language,
  title,
  text,
  backHref,
  backText,
  refreshSeconds,
  test,
}: {
  language: Language;
  title: string;
  text: string;
  backHref?: string;
  backText?: string;
  refreshSeconds?: number;
  /** The payment ran on a sandbox or test payment service: keep the TEST banner. */
  test?: boolean;
}) {
  return (
    <Layout title={title} language={language} refreshSeconds={refreshSeconds} test={test}>
      <section class="card">
        <h1>{title}</h1>
        <p>{text}</p>
        {backHref && <a href={backHref}>{backText}</a>}
      </section>
    </Layout>
  );
}

export function ProviderFormPage({ language, t, action, fields }: {
  language: Language;
  t: PageTexts;
  action: string;
  fields: Record<string, string>;
}) {
  return (
    <Layout title={t.redirectingTitle} language={language}>
      <section class="card">
        <h1>{t.redirectingTitle}</h1>
        <p>{t.redirectingText}</p>
        <form id="provider-form" method="post" action={action}>
          {Object.entries(fields).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <button type="submit" class="pay-button">
            {t.continue}
          </button>
        </form>
        <script dangerouslySetInnerHTML={{ __html: autoSubmitScript }} />
      </section>
    </Layout>
  );
}

export function RefusedPage({ language, t, rules, backHref }: { language: Language; t: PageTexts; rules: string[]; backHref: string }) {
  return (
    <Layout title={t.swissBillingRefusedTitle} language={language}>
      <section class="card">
        <h1>{t.swissBillingRefusedTitle}</h1>
        <ul>
          {rules.map((rule) => (
            <li>{(t as Record<string, string>)[`rule_${rule}`] ?? rule}</li>
          ))}
        </ul>
        <p>{t.otherMethods}</p>
        <a href={backHref}>{t.back}</a>
      </section>
    </Layout>
  );
}
