// Swagger UI's files for /docs, read from the installed swagger-ui-dist package once and
// kept in memory (about 2 MB): the page is the same for every visitor.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DocsAssetFile, DocsAssets } from '../routes/docs.js';

const packageDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const cache = new Map<DocsAssetFile, Promise<Uint8Array<ArrayBuffer>>>();

export const readDocsAsset: DocsAssets = (file) => {
  let content = cache.get(file);
  if (!content) {
    content = readFile(path.join(packageDir, file)).then((bytes) => new Uint8Array(bytes));
    cache.set(file, content);
  }
  return content;
};
