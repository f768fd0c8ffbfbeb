// What a verify answered, in the user's language: the verdict, what to do about it (the
// provider's own back office where that helps), the methods and currencies a contract
// lacks, and the provider's own words for support.
import type { Provider } from '../../connections/rules.js';
import { fill } from '../../i18n.js';
import type { VerifyVerdict } from '../../services/verify-connection.js';
import { providerTexts } from './provider-texts.js';
import { type SettingsTexts, lookup } from './texts.js';

export function VerifyAnswer({ st, provider, verdict }: { st: SettingsTexts; provider: Provider; verdict: VerifyVerdict }) {
  const good = verdict.result === 'ok';
  const headline = lookup(st.verify.results, verdict.result) ?? verdict.result;
  const todo = providerTexts(st, provider).todo[verdict.result] ?? lookup(st.verify.todo, verdict.result);
  const byMethod = new Map<string, string[]>();
  for (const gap of verdict.missing ?? []) byMethod.set(gap.method, [...(byMethod.get(gap.method) ?? []), gap.currency]);
  return (
    <div class={`notice ${good ? 'notice-ok' : 'notice-warning'} verify-answer`} role={good ? 'status' : 'alert'}>
      <p>
        <strong>{headline}</strong>
      </p>
      {todo ? <p>{todo}</p> : null}
      {byMethod.size > 0 ? (
        <ul>
          {[...byMethod].map(([method, currencies]) => (
            <li>{fill(st.verify.gap, { method, currencies: currencies.join(', ') })}</li>
          ))}
        </ul>
      ) : null}
      <p class="hint">
        {st.verify.providerSaid} <span lang="en">{verdict.message}</span>
      </p>
    </div>
  );
}
