// Domain errors: what went wrong, in words of the domain. They know no HTTP; the error
// table in http/errors.ts turns each code into a status and a problem document.

export const errorCodes = [
  'validation_failed',
  'malformed_json',
  'unsupported_media_type',
  'unauthenticated',
  'forbidden',
  'not_found',
  'route_not_found',
  'method_not_allowed',
  'conflict',
  'idempotency_key_reused',
  'invoice_not_draft',
  'invoice_not_cancellable',
  'account_exists',
  'account_unknown',
  'entry_unbalanced',
  'entry_already_reversed',
  'period_closed',
  'currency_unknown',
  'amount_invalid',
  'currency_not_enabled',
  'refund_pending',
  'refund_refused',
  'method_not_enabled',
  'payload_too_large',
  'internal_error',
  'settings_incomplete',
  'invoice_not_sent',
  'invoice_not_payable',
  'method_unavailable',
  'provider_unavailable',
  'payment_not_refundable',
  'payment_refused',
  'rate_limited',
  'sandbox_disabled',
  'base_url_not_allowed',
  'connection_in_use',
  'user_disabled',
  'last_admin',
  'statement_invalid',
  'bank_account_unknown',
  'rate_missing',
  'webhook_url_not_allowed',
  'webhook_endpoint_disabled',
  'keys_wrong_mode',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface FieldProblem {
  /** Dotted path of the field in the request, for example `lines.1.amount`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: { errors?: FieldProblem[]; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} was not found.`);
