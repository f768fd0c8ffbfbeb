// Whole pages that say one thing: a message, a missing permission, nothing found.
import type { DomainError } from '../errors.js';
import { type OfficeContext, Shell } from './layout.js';

export function MessagePage({ c, title, text, backHref }: { c: OfficeContext; title: string; text: string; backHref?: string }) {
  const t = c.get('t');
  return (
    <Shell c={c} title={title}>
      <p>{text}</p>
      {backHref ? <a href={backHref}>{t.back}</a> : null}
    </Shell>
  );
}

/** The same words as the API's 403: the permission missing and the roles that have it. */
export function ForbiddenPage({ c, error }: { c: OfficeContext; error: DomainError }) {
  const t = c.get('t');
  return (
    <Shell c={c} title={t.forbiddenTitle}>
      <p class="notice notice-error" role="alert">
        {error.detail}
      </p>
      <p>{t.forbiddenHint}</p>
      <a href="/office">{t.back}</a>
    </Shell>
  );
}

export function NotFoundPage({ c }: { c: OfficeContext }) {
  const t = c.get('t');
  return <MessagePage c={c} title={t.notFoundTitle} text={t.notFoundText} backHref="/office" />;
}

/** Any back-office path that no page answers: the same "not found" page, in the user's language. */
export const notFoundResponse = (c: OfficeContext) => c.html(<NotFoundPage c={c} />, 404);
