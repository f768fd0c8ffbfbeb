// The Saferpay JSON API client: PaymentPage Initialize/Assert and Transaction Capture,
// Cancel, Refund, Inquire. Every request carries the RequestHeader; network errors,
// timeouts and answers with Behavior RETRY are retried with the same RequestId and a
// raised RetryIndicator, with backoff, at most maxRetries times. Nothing else is retried.
import type { z } from 'zod';
import { readBoundedText } from '../bounded-body.js';
import type { ProviderCallContext } from '../call-context.js';
import { ProviderError } from '../types.js';
import {
  assertResponseSchema,
  cancelResponseSchema,
  captureResponseSchema,
  errorSchema,
  initializeResponseSchema,
  refundResponseSchema,
  specVersion,
  terminalSchema,
} from './schemas.js';

export interface SaferpayCredentials {
  baseUrl: string;
  customerId: string;
  terminalId: string;
  username: string;
  password: string;
}

export interface InitializeInput {
  amount: number;
  currency: string;
  orderId: string;
  description: string;
  paymentMethods: string[];
  language: string;
  returnUrl: string;
  successNotifyUrl: string;
  failNotifyUrl: string;
}

const readable: Record<string, string> = {
  AUTHENTICATION_FAILED: 'Saferpay refused the JSON API username or password.',
  PERMISSION_DENIED: 'The terminal does not belong to this Saferpay customer id.',
  NO_CONTRACT: 'The Saferpay contract does not cover this payment method or currency; ask Saferpay to activate it.',
  CURRENCY_INVALID: 'The currency differs from the original transaction.',
  TRANSACTION_DECLINED: 'The payment was declined.',
  TRANSACTION_ABORTED: 'The payer aborted the payment.',
  TRANSACTION_NOT_STARTED: 'The payer has not finished the payment yet.',
  TRANSACTION_ALREADY_CAPTURED: 'The payment was captured already.',
  TOKEN_EXPIRED: 'The payment page expired before the payer finished.',
  TOKEN_INVALID: 'Saferpay does not know this payment page.',
  VALIDATION_FAILED: 'Saferpay refused the request as invalid.',
  COMMUNICATION_FAILED: 'Saferpay could not be reached.',
};

/** Saferpay's own words for "we do not know whether it went through" (shared/specs/saferpay.md §5). */
const uncertainErrors = new Set(['COMMUNICATION_FAILED', 'COMMUNICATION_TIMEOUT', 'INTERNAL_ERROR', 'UNEXPECTED_ERROR_BY_ACQUIRER']);

export interface ClientOptions {
  maxRetries?: number;
  timeoutMs?: number;
  baseDelayMs?: number;
}

export function createSaferpayClient(credentials: SaferpayCredentials, context: ProviderCallContext, options: ClientOptions = {}) {
  const maxRetries = options.maxRetries ?? 3;
  // Saferpay asks clients to wait 100 s for an answer (shared/specs/saferpay.md §1). A payer
  // cannot wait that long: the payer's routes stop waiting earlier and show "processing".
  const timeoutMs = options.timeoutMs ?? 100_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const authorization = basicAuthorization(credentials.username, credentials.password);

  /**
   * `resendWhenLost: false` for calls that are not safe to repeat blind: Saferpay documents no
   * de-duplication by RequestId, so a Refund sent again after a lost answer could authorise a
   * second refund. Such a call ends `unknown` instead, and Inquire by its order id decides.
   */
  async function call<S extends z.ZodType>(path: string, body: Record<string, unknown>, schema: S, resendWhenLost = true): Promise<z.infer<S>> {
    const resends = resendWhenLost ? maxRetries : 0;
    const requestId = crypto.randomUUID();
    for (let retry = 0; ; retry++) {
      const requestHeader = { SpecVersion: specVersion, CustomerId: credentials.customerId, RequestId: requestId, RetryIndicator: retry };
      let response: Response;
      try {
        response = await context.fetch(`${credentials.baseUrl}${path}`, {
          method: 'POST',
          headers: { Authorization: authorization, 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
          body: JSON.stringify({ RequestHeader: requestHeader, ...body }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if (retry < resends) {
          await context.sleep(baseDelayMs * 2 ** retry);
          continue;
        }
        throw new ProviderError('saferpay', 'COMMUNICATION_FAILED', readable.COMMUNICATION_FAILED!, null, { cause: String(error) }, 'unknown');
      }
      const json = parseJson(await answerText(response));
      if (response.ok) {
        const parsed = schema.safeParse(json);
        if (parsed.success) return parsed.data;
        // A 200 we cannot read may well mean it was done.
        throw new ProviderError(
          'saferpay',
          'UNEXPECTED_RESPONSE',
          'Saferpay answered in an unexpected shape.',
          response.status,
          { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
          'unknown',
        );
      }
      const error = errorSchema.safeParse(json);
      if (!error.success) {
        if (response.status >= 500 && retry < resends) {
          await context.sleep(baseDelayMs * 2 ** retry);
          continue;
        }
        // No Saferpay error body: a proxy or firewall answered, or Saferpay broke mid-way.
        const outcome = response.status >= 500 ? 'unknown' : 'refused';
        throw new ProviderError('saferpay', `HTTP_${response.status}`, `Saferpay answered HTTP ${response.status}.`, response.status, {}, outcome);
      }
      if (error.data.Behavior === 'RETRY' && retry < maxRetries) {
        await context.sleep(baseDelayMs * 2 ** retry);
        continue;
      }
      const outcome = error.data.Behavior === 'RETRY' || uncertainErrors.has(error.data.ErrorName) ? 'unknown' : 'refused';
      throw new ProviderError(
        'saferpay',
        error.data.ErrorName,
        readable[error.data.ErrorName] ?? error.data.ErrorMessage ?? error.data.ErrorName,
        response.status,
        {
          behavior: error.data.Behavior,
          payerMessage: error.data.PayerMessage ?? null,
          transactionId: error.data.TransactionId ?? null,
          errorDetail: error.data.ErrorDetail ?? [],
        },
        outcome,
      );
    }
  }

  const amount = (value: number, currency: string) => ({ Value: String(value), CurrencyCode: currency });
  const byTransaction = (transactionId: string) => ({ TransactionReference: { TransactionId: transactionId } });

  /** Management API: the terminal's methods and currencies; also how credentials are verified. */
  async function terminal() {
    const response = await context.fetch(
      `${credentials.baseUrl}/rest/customers/${credentials.customerId}/terminals/${credentials.terminalId}`,
      {
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          'Saferpay-ApiVersion': specVersion,
          'Saferpay-RequestId': crypto.randomUUID(),
        },
        signal: AbortSignal.timeout(timeoutMs),
      },
    ).catch((error: unknown) => {
      throw new ProviderError('saferpay', 'COMMUNICATION_FAILED', readable.COMMUNICATION_FAILED!, null, { cause: String(error) }, 'unknown');
    });
    const json = parseJson(await answerText(response));
    if (response.ok) {
      const parsed = terminalSchema.safeParse(json);
      if (parsed.success) return parsed.data;
      // A 200 that is no terminal (an HTML page of a proxy, another shape): an answer, not a crash.
      const issues = json === null ? ['not JSON'] : parsed.error.issues.map((i) => `${i.path.join('.') || 'the answer'}: ${i.message}`);
      throw new ProviderError('saferpay', 'UNEXPECTED_RESPONSE', `Saferpay answered HTTP ${response.status} with no terminal we can read (${issues.slice(0, 3).join('; ')}).`, response.status, { issues });
    }
    const error = errorSchema.safeParse(json);
    const name = error.success ? error.data.ErrorName : `HTTP_${response.status}`;
    throw new ProviderError('saferpay', name, readable[name] ?? `Saferpay answered HTTP ${response.status}.`, response.status);
  }

  return {
    terminal,
    initialize: (input: InitializeInput) =>
      call(
        '/Payment/v1/PaymentPage/Initialize',
        {
          TerminalId: credentials.terminalId,
          Payment: { Amount: amount(input.amount, input.currency), OrderId: input.orderId, Description: input.description },
          PaymentMethods: input.paymentMethods,
          Payer: { LanguageCode: input.language },
          ReturnUrl: { Url: input.returnUrl },
          Notification: { SuccessNotifyUrl: input.successNotifyUrl, FailNotifyUrl: input.failNotifyUrl },
        },
        initializeResponseSchema,
      ),
    assert: (token: string) => call('/Payment/v1/PaymentPage/Assert', { Token: token }, assertResponseSchema),
    capture: (transactionId: string) => call('/Payment/v1/Transaction/Capture', byTransaction(transactionId), captureResponseSchema),
    cancel: (transactionId: string) => call('/Payment/v1/Transaction/Cancel', byTransaction(transactionId), cancelResponseSchema),
    inquire: (transactionId: string) => call('/Payment/v1/Transaction/Inquire', byTransaction(transactionId), assertResponseSchema),
    /** A transaction whose id we never learnt (its answer was lost), by our own order id. */
    inquireOrder: (orderId: string) => call('/Payment/v1/Transaction/Inquire', { TransactionReference: { OrderId: orderId } }, assertResponseSchema),
    refund: (input: { captureId: string; amount: number; currency: string; orderId: string }) =>
      call(
        '/Payment/v1/Transaction/Refund',
        {
          Refund: { Amount: amount(input.amount, input.currency), OrderId: input.orderId, RestrictRefundAmountToCapturedAmount: true },
          CaptureReference: { CaptureId: input.captureId },
        },
        refundResponseSchema,
        false,
      ),
  };
}

export type SaferpayClient = ReturnType<typeof createSaferpayClient>;

/** The answer's text, at most 1 MiB: beyond that (or a body that broke off) no answer came. */
async function answerText(response: Response): Promise<string> {
  try {
    return await readBoundedText(response);
  } catch (error) {
    throw new ProviderError('saferpay', 'COMMUNICATION_FAILED', readable.COMMUNICATION_FAILED!, response.status, { cause: String(error) }, 'unknown');
  }
}

/** RFC 7617 in UTF-8: btoa alone throws on any character beyond Latin-1 (a password with '€'). */
function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''))}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
