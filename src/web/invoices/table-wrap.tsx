// A table that may scroll sideways on a phone: the scrolling box takes the keyboard focus
// (and has a name), so it can be scrolled without a mouse.
import type { Child } from 'hono/jsx';

export function TableWrap({ label, children }: { label: string; children: Child }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
