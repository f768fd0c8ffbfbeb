// After a change, the page it leads to says what happened (`?done=<key>`): the keys are this
// area's own texts, so the common notice (`?notice=`, common texts only) stays untouched.
export function DoneNotice({ done, texts }: { done: string | undefined; texts: Record<string, unknown> }) {
  const text = done && Object.hasOwn(texts, done) ? texts[done] : null;
  if (typeof text !== 'string') return null;
  return (
    <p class="notice" role="status">
      {text}
    </p>
  );
}
