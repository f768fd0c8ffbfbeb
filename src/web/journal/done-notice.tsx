// After a change, the page it leads to says what happened (`?done=<key>`): the keys are this
// area's own texts, so the common notice (`?notice=`, common texts only) stays untouched.
export function DoneNotice({ done, texts }: { done: string | undefined; texts: Record<string, string> }) {
  const text = done && Object.hasOwn(texts, done) ? texts[done] : null;
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}
