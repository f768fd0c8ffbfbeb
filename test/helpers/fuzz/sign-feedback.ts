// Signs generated PostFinance feedback with the sandbox account's SHA-OUT passphrase, as the
// platform (or anyone who learnt the passphrase) would: the fuzzer then reaches past the
// signature check into what signed feedback sets off (querydirect, capture, booking).
import { signShaOut } from '../../../src/providers/postfinance/signature.js';
import { postfinanceSandboxCredentials } from '../invoices.js';
import type { FuzzRequest } from './openapi-requests.js';

export async function signedFeedback(request: FuzzRequest): Promise<FuzzRequest> {
  const form = request.headers['Content-Type'] === 'application/x-www-form-urlencoded' && request.body !== undefined;
  const [path, query = ''] = request.url.split('?');
  const params = new URLSearchParams(form ? request.body : query);
  params.delete('SHASIGN');
  const signature = await signShaOut(Object.fromEntries(params), postfinanceSandboxCredentials.shaOut, 'SHA-512');
  params.append('SHASIGN', signature);
  return form ? { ...request, mutation: `${request.mutation}, signed`, body: params.toString() } : { ...request, mutation: `${request.mutation}, signed`, url: `${path}?${params}` };
}
