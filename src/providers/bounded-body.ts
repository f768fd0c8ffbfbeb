// Reading a provider's answer with a size limit. A genuine answer is a few kilobytes; a
// host that streams without end (or a hostile one) must not fill this process's memory,
// so reading stops at the limit and the call counts as one whose answer never came.

/** Far above any answer Saferpay or PostFinance documents, far below what hurts the process. */
export const maxProviderAnswerBytes = 1024 * 1024;

export class AnswerTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the answer exceeded ${limitBytes} bytes`);
    this.name = 'AnswerTooLargeError';
  }
}

/** The body as UTF-8 text, or AnswerTooLargeError as soon as more than `limitBytes` arrived. */
export async function readBoundedText(response: Response, limitBytes = maxProviderAnswerBytes): Promise<string> {
  const declared = Number(response.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > limitBytes) {
    await response.body?.cancel().catch(() => {});
    throw new AnswerTooLargeError(limitBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel().catch(() => {});
      throw new AnswerTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(whole);
}
