// What every answer owes its caller, whatever was sent: no 5xx (a documented 5xx other than
// 500 is a provider's outage, not our failure); the content type the operation documents for
// the status, or a problem document; every problem names its code, status and detail.
import type { Operation } from './openapi-requests.js';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

function problemViolations(answer: Answer): string[] {
  let problem: unknown;
  try {
    problem = JSON.parse(answer.text);
  } catch {
    return ['a problem+json body that is not JSON'];
  }
  const fields = problem as Record<string, unknown> | null;
  if (!fields || typeof fields !== 'object') return ['a problem+json body that is not an object'];
  const missing = ['code', 'status', 'detail'].filter((name) => fields[name] === undefined || fields[name] === '');
  if (missing.length) return [`a problem without ${missing.join(', ')}`];
  if (fields.status !== answer.status) return [`a problem saying status ${String(fields.status)} on a ${answer.status}`];
  return [];
}

const mediaType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** Violations of the contract by one answer; `operation` is null for routes outside the document. */
export function contractViolations(operation: Operation | null, answer: Answer): string[] {
  const type = mediaType(answer.contentType);
  const documented = operation?.responses[String(answer.status)];
  const violations: string[] = [];
  if (answer.status >= 500 && (answer.status === 500 || !documented)) violations.push(`status ${answer.status}`);
  if (type === 'application/problem+json') violations.push(...problemViolations(answer));
  if (!operation) return violations;
  if (answer.status >= 400 && operation.path.startsWith('/api/') && type !== 'application/problem+json') {
    violations.push(`an API error as ${type || 'no content type'}`);
  } else if (documented?.content && type !== 'application/problem+json' && !(type in documented.content)) {
    violations.push(`${type || 'no content type'} where ${Object.keys(documented.content).join(' or ')} is documented for ${answer.status}`);
  } else if (!documented && answer.status >= 400 && type !== 'application/problem+json') {
    violations.push(`an undocumented ${answer.status} as ${type || 'no content type'} instead of a problem`);
  }
  return violations;
}
