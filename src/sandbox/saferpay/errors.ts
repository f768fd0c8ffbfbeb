// Saferpay's error answers, as the real API shapes them (shared/specs/saferpay.md §5).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface SaferpayErrorBody {
  Behavior: 'DO_NOT_RETRY' | 'RETRY' | 'RETRY_LATER' | 'OTHER_MEANS';
  ErrorName: string;
  ErrorMessage: string;
  ErrorDetail?: string[];
  TransactionId?: string;
  OrderId?: string;
  PayerMessage?: string;
}

export class SaferpayFault extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly body: SaferpayErrorBody,
  ) {
    super(body.ErrorName);
  }
}

export const fault = (status: ContentfulStatusCode, ErrorName: string, ErrorMessage: string, extra: Partial<SaferpayErrorBody> = {}) =>
  new SaferpayFault(status, { Behavior: 'DO_NOT_RETRY', ErrorName, ErrorMessage, ...extra });

export function faultResponse(c: Context, error: SaferpayFault, requestHeader: { SpecVersion?: string; RequestId?: string }) {
  const body = { ResponseHeader: { SpecVersion: requestHeader.SpecVersion ?? '1.53', RequestId: requestHeader.RequestId ?? '' }, ...error.body };
  return c.json(body, error.status);
}
