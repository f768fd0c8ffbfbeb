// The interactive API reference at /docs: Swagger UI from the swagger-ui-dist package, served
// from this origin. Admins paste their API key into this page, so nothing on it comes from a
// CDN: it works without the Internet, and its policy lets only this origin's files run.
import type { Context } from 'hono';
import { createRouter } from '../http/router.js';

/** The package files the page loads; the entry hands in a reader (deps.docsAssets). */
export const docsAssetFiles = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const;
export type DocsAssetFile = (typeof docsAssetFiles)[number];
export type DocsAssets = (file: DocsAssetFile) => Promise<Uint8Array<ArrayBuffer> | ReadableStream | null>;

// Inline CSS images (icons) are data: URLs; the page calls only /openapi.json and the API.
export const docsContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Invoice payment links – API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
`;

// A file, not an inline script, so the policy needs no 'unsafe-inline'. No validator badge:
// it would send the document's address to a third party.
const startScript = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
});
`;

const contentTypes: Record<DocsAssetFile, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

function secured(c: Context, contentType: string, cacheControl: string) {
  c.header('Content-Type', contentType);
  c.header('Content-Security-Policy', docsContentSecurityPolicy);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', cacheControl);
}

export const docsRoutes = createRouter();

docsRoutes.get('/docs', (c) => {
  secured(c, 'text/html; charset=utf-8', 'no-cache');
  return c.body(page);
});

docsRoutes.get('/docs/start.js', (c) => {
  secured(c, contentTypes['swagger-ui-bundle.js'], 'no-cache');
  return c.body(startScript);
});

docsRoutes.get('/docs/:file', async (c) => {
  const file = c.req.param('file');
  const read = c.get('deps').docsAssets;
  if (!read || !isDocsAssetFile(file)) return c.notFound();
  const body = await read(file);
  if (!body) return c.notFound();
  // The package version changes only with a deploy; an hour keeps reloads quick.
  secured(c, contentTypes[file], 'public, max-age=3600');
  return c.body(body);
});

function isDocsAssetFile(file: string): file is DocsAssetFile {
  return (docsAssetFiles as readonly string[]).includes(file);
}
