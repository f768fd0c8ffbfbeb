// The app core must also run on Cloudflare Workers: only the Node entries may import Node's
// own modules. pdfkit (documents/) is the known exception: it renders PDFs in Node only.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../src');
const nodeOnlyPlaces = [/^server\.ts$/, /^cli\.ts$/, /^node\//];
const builtins = new Set(builtinModules);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('the app core', () => {
  it('imports no Node built-in module outside the Node entries', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(root)) {
      const relative = path.relative(root, file);
      if (nodeOnlyPlaces.some((pattern) => pattern.test(relative))) continue;
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/from\s+'([^']+)'/g)) {
        const specifier = match[1]!;
        if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]!))
          offenders.push(`${relative}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
