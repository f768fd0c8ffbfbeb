// Stripe's request encoding (spec §1): form fields with bracket notation,
// `line_items[0][price_data][currency]=chf`, `expand[0]=payment_intent`, read back into
// nested objects and arrays as Stripe reads them.

type Node = Record<string, unknown> | unknown[];

export function parseStripeForm(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of params) {
    const head = /^[^[]+/.exec(name)?.[0];
    if (!head) continue;
    const path = [head, ...[...name.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    let node: Node = root;
    for (const [index, key] of path.entries()) {
      const last = index === path.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(path[index + 1]!);
      const slot = Array.isArray(node) ? (key === '' ? node.length : Number(key)) : key;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[slot] = value;
      } else {
        container[slot] ??= nextIsIndex ? [] : {};
        node = container[slot] as Node;
      }
    }
  }
  return root;
}

/** An integer a form sent as text, or null. */
export const formInteger = (value: unknown): number | null => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : null);

/** The `expand[]` paths of a request (query or form). */
export const expandsOf = (fields: Record<string, unknown>): string[] => (Array.isArray(fields.expand) ? fields.expand.filter((e): e is string => typeof e === 'string') : []);
