// A provider's answer is read up to 1 MiB: a host that answers more, or without end, fails
// the call as one whose answer never came, instead of filling the process's memory.
import { describe, expect, it } from 'vitest';
import { AnswerTooLargeError, maxProviderAnswerBytes, readBoundedText } from '../../src/providers/bounded-body.js';
import { createDirectLinkClient } from '../../src/providers/postfinance/directlink.js';
import { createSaferpayClient } from '../../src/providers/saferpay/client.js';
import { ProviderError } from '../../src/providers/types.js';

/** A body that never ends: 64 KiB chunks for as long as anyone reads. */
function endless(): { response: Response; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 1;
      controller.enqueue(new Uint8Array(64 * 1024).fill(0x7b));
    },
  });
  return { response: new Response(stream, { status: 200, headers: { 'Content-Type': 'application/json' } }), pulled: () => pulled };
}

/** A 2 MiB answer: twice what any provider answer may be. */
const oversized = () => new Response(new Uint8Array(2 * maxProviderAnswerBytes).fill(0x20), { status: 200 });

const fetchAnswering = (answer: () => Response) => (async () => answer()) as unknown as typeof fetch;
const context = (answer: () => Response) => ({ fetch: fetchAnswering(answer), sleep: async () => {} });

describe('reading a provider answer', () => {
  it('reads a normal answer whole', async () => {
    expect(await readBoundedText(new Response('{"ok":true}'))).toBe('{"ok":true}');
  });

  it('stops an endless answer just past 1 MiB', async () => {
    const { response, pulled } = endless();
    await expect(readBoundedText(response)).rejects.toBeInstanceOf(AnswerTooLargeError);
    expect(pulled() * 64 * 1024).toBeLessThanOrEqual(maxProviderAnswerBytes + 3 * 64 * 1024);
  });

  it('refuses a declared length above the limit without reading it', async () => {
    const response = new Response('x', { headers: { 'Content-Length': String(maxProviderAnswerBytes + 1) } });
    await expect(readBoundedText(response)).rejects.toBeInstanceOf(AnswerTooLargeError);
  });

  it('makes a Saferpay call fail as COMMUNICATION_FAILED with an unknown outcome', async () => {
    const client = createSaferpayClient(
      { baseUrl: 'https://test.saferpay.com/api', customerId: '1', terminalId: '12345678', username: 'u', password: 'p' },
      context(oversized),
      { maxRetries: 0 },
    );
    const failure = await client.assert('token').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ providerCode: 'COMMUNICATION_FAILED', outcome: 'unknown' });
    expect(await client.terminal().catch((error: unknown) => error)).toMatchObject({ providerCode: 'COMMUNICATION_FAILED' });
  });

  it('makes a DirectLink call fail as COMMUNICATION_FAILED with an unknown outcome', async () => {
    const client = createDirectLinkClient(
      { baseUrl: 'https://e-payment.postfinance.ch/ncol/test', pspid: 'P', userId: 'U', password: 'p', passphrase: 'passphrase1', algorithm: 'SHA-512' },
      context(oversized),
    );
    const failure = await client.query({ orderId: 'X' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ provider: 'postfinance', providerCode: 'COMMUNICATION_FAILED', outcome: 'unknown' });
  });
});
