// The one table of error codes. It drives the problem+json responses (RFC 9457) and the
// error responses documented in the OpenAPI document; TypeScript insists every code is here.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, type ErrorCode } from '../errors.js';

interface ErrorRow {
  status: ContentfulStatusCode;
  title: string;
}

export const errorTable: Record<ErrorCode, ErrorRow> = {
  validation_failed: { status: 400, title: 'The request has invalid fields' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  unsupported_media_type: { status: 415, title: 'The request body has a media type this route does not take (application/json; bank statements: application/xml)' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unauthenticated: { status: 401, title: 'A valid API key is needed' },
  forbidden: { status: 403, title: 'Your role lacks a permission this action needs' },
  not_found: { status: 404, title: 'Not found' },
  route_not_found: { status: 404, title: 'No such route' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  idempotency_key_reused: {
    status: 409,
    title: 'The idempotency key was used before for a request with other fields',
  },
  invoice_not_draft: { status: 409, title: 'The invoice must be a draft' },
  invoice_not_cancellable: { status: 409, title: 'The invoice cannot be cancelled' },
  account_exists: { status: 409, title: 'The account number is already in use' },
  entry_already_reversed: { status: 409, title: 'The entry has already been reversed' },
  account_unknown: { status: 422, title: 'The account does not exist' },
  entry_unbalanced: { status: 422, title: 'Debits and credits do not balance' },
  period_closed: { status: 422, title: 'The date lies in a closed period' },
  currency_unknown: { status: 422, title: 'Unknown currency' },
  amount_invalid: { status: 422, title: 'The amount is not valid' },
  currency_not_enabled: { status: 422, title: 'The currency is not enabled for this payment service' },
  refund_pending: { status: 409, title: 'A refund of this payment is still waiting for the provider' },
  refund_refused: { status: 422, title: 'The payment provider refused the refund' },
  method_not_enabled: { status: 422, title: 'The payment method is not enabled for this payment service' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
  settings_incomplete: { status: 422, title: 'The tenant settings lack what this needs' },
  invoice_not_sent: { status: 409, title: 'The invoice has not been sent yet' },
  invoice_not_payable: { status: 409, title: 'The invoice has nothing left to pay' },
  // 409, not 501: the service implements every method; this one's payment service lacks credentials.
  method_unavailable: { status: 409, title: 'This payment method is not available yet' },
  provider_unavailable: { status: 502, title: 'The payment provider did not accept the request' },
  payment_not_refundable: { status: 409, title: 'The payment cannot be refunded or cancelled' },
  payment_refused: { status: 422, title: 'This payment method cannot take this invoice' },
  rate_limited: { status: 429, title: 'Too many requests; wait as Retry-After says' },
  sandbox_disabled: { status: 422, title: 'The provider sandbox is off on this server' },
  base_url_not_allowed: { status: 422, title: "Test and live use the provider's official hosts" },
  connection_in_use: { status: 409, title: 'Invoices or payments refer to this payment service' },
  user_disabled: { status: 409, title: 'The user is disabled' },
  last_admin: { status: 409, title: 'The tenant needs at least one active admin' },
  statement_invalid: { status: 422, title: 'The bank statement is not a camt.053 or camt.054 document this service reads' },
  bank_account_unknown: { status: 422, title: 'The account is not one of the tenant\'s bank accounts' },
  rate_missing: { status: 422, title: 'No CHF rate is known for the currency on that date' },
  webhook_url_not_allowed: { status: 422, title: 'Events go only to https URLs on public addresses (local ones while the sandbox is on)' },
  webhook_endpoint_disabled: { status: 409, title: 'The event endpoint is disabled; enable it first' },
  keys_wrong_mode: { status: 422, title: "The provider keys are of the other mode (test or live) than the payment service" },
};

/** Relative problem types: they resolve against this service, which documents them at /problems. */
export const problemTypeBase = '/problems/';

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: `${problemTypeBase}validation_failed` }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: 'validation_failed' }),
    requestId: z.string(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string(), in: z.string().optional() }))
      .optional(),
  })
  .passthrough()
  .openapi('Problem');

/** OpenAPI responses for the given codes, grouped by status, each listing its codes. */
export function problemResponses(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = errorTable[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<
    number,
    { description: string; content: Record<string, { schema: typeof problemSchema }> }
  > = {};
  for (const [status, group] of byStatus) {
    responses[status] = {
      description: group.map((code) => `\`${code}\`: ${errorTable[code].title}`).join('; '),
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  }
  return responses;
}

export function problemBody(error: DomainError, requestId: string) {
  const row = errorTable[error.code];
  // Extras come first so that no extra can overwrite the fields every problem has.
  return {
    ...error.extra,
    type: `${problemTypeBase}${error.code}`,
    title: row.title,
    status: row.status,
    detail: error.detail,
    code: error.code,
    requestId,
  };
}

export function problemResponse(c: Context, error: DomainError): Response {
  const body = problemBody(error, c.get('requestId') ?? 'unknown');
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
  const { retryAfterSeconds } = error.extra;
  if (typeof retryAfterSeconds === 'number') headers['Retry-After'] = String(retryAfterSeconds);
  return c.body(JSON.stringify(body), body.status, headers);
}

export function toDomainError(error: unknown): DomainError | null {
  return error instanceof DomainError ? error : null;
}
