// Where the providers send the payer's browser back after paying. These lived under /pay/
// (/pay/return/{secret}, /pay/feedback/{secret}), where a client generated from the OpenAPI
// document cannot tell them from /pay/{token}/attempts (a token "return", a secret
// "attempts"). Attempts started before the move gave the provider the old URLs, and a
// provider may send the payer back hours later, so the old paths stay served, undocumented.
export const payerReturnPaths = { current: '/pay-return', before: '/pay/return' } as const;
export const payerFeedbackPaths = { current: '/pay-feedback', before: '/pay/feedback' } as const;

/** Every prefix of the payer's pages: they share one security policy and no-store caching. */
export const payerPagePrefixes = ['/pay', payerReturnPaths.current, payerFeedbackPaths.current] as const;
