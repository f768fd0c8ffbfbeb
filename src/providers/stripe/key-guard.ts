// The key guard (issue 15, spec §1): a key's prefix says the mode it runs in, and a payment
// service runs in one mode only. A live service with test keys takes no real money (payers
// "pay" and nothing arrives); a test service with live keys charges real cards while
// somebody is testing. Publishable and secret key must also be of the same mode. Pure, so
// the connection verbs and the adapter share it.

export type KeyMode = 'test' | 'live';
export type Environment = 'sandbox' | 'test' | 'live';

/** The mode a key runs in, by its prefix (sk_/rk_/pk_ then test_ or live_); null when it is no Stripe key. */
export function modeOfKey(key: string): KeyMode | null {
  const match = /^(?:sk|rk|pk)_(test|live)_[A-Za-z0-9]+$/.exec(key);
  return match ? (match[1] as KeyMode) : null;
}

/** The sandbox plays Stripe's test mode (its keys are `_test_`; spec §1, UNCONFIRMED for real sandboxes). */
export const modeOfEnvironment = (environment: Environment): KeyMode => (environment === 'live' ? 'live' : 'test');

export interface KeyProblem {
  field: string;
  message: string;
}

const why: Record<KeyMode, string> = {
  live: 'a live payment service with test keys takes no real money: payers would seem to pay and nothing would arrive',
  test: 'a test or sandbox payment service with live keys would charge real cards while you are testing',
};

/** What is wrong with these keys for this environment, each naming its field; empty when they fit. */
export function keyProblems(environment: Environment, keys: { publishableKey?: unknown; secretKey?: unknown }): KeyProblem[] {
  const wanted = modeOfEnvironment(environment);
  const problems: KeyProblem[] = [];
  const modes: Partial<Record<'publishableKey' | 'secretKey', KeyMode>> = {};
  for (const [field, prefix] of [['publishableKey', 'pk'], ['secretKey', 'sk or rk']] as const) {
    const key = keys[field];
    if (typeof key !== 'string') continue;
    const mode = modeOfKey(key);
    const kindOk = field === 'publishableKey' ? key.startsWith('pk_') : /^(sk|rk)_/.test(key);
    if (!mode || !kindOk) {
      problems.push({ field: `credentials.${field}`, message: `must be a Stripe ${prefix}_${wanted}_… key` });
      continue;
    }
    modes[field] = mode;
    if (mode !== wanted) {
      problems.push({ field: `credentials.${field}`, message: `is a ${mode} key, but this payment service is ${environment}: ${why[wanted]}. Use the ${wanted} key.` });
    }
  }
  if (modes.publishableKey && modes.secretKey && modes.publishableKey !== modes.secretKey) {
    problems.push({
      field: 'credentials.publishableKey',
      message: `is a ${modes.publishableKey} key but the secret key is a ${modes.secretKey} key: both keys must come from the same mode of the same Stripe account.`,
    });
  }
  return problems;
}
