/**
 * A Swagger UI page for the served OpenAPI document. Its stylesheet and script come from the
 * `swagger-ui-dist` package and are served by this server, so the page works without Internet
 * access; the start-up code is a file too, not an inline script, so a strict Content-Security-Policy
 * can allow it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const distDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** A file the page loads, by its name under the page's URL. */
interface Asset {
  readonly type: string;
  readonly body: () => Promise<Buffer | string>;
}

const fromPackage = (file: string) => () => readFile(join(distDir, file));

/** The files under `<ui url>/`: the package's two bundles and the start-up script. */
export function swaggerUiAssets(documentUrl: string): ReadonlyMap<string, Asset> {
  const init = `window.onload = () => {\n  window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentUrl)}, dom_id: '#swagger-ui' });\n};\n`;
  return new Map<string, Asset>([
    ['swagger-ui.css', { type: 'text/css; charset=utf-8', body: fromPackage('swagger-ui.css') }],
    [
      'swagger-ui-bundle.js',
      { type: 'text/javascript; charset=utf-8', body: fromPackage('swagger-ui-bundle.js') },
    ],
    ['init.js', { type: 'text/javascript; charset=utf-8', body: async () => init }],
  ]);
}

/** The HTML page at `uiUrl`, loading its assets from `<uiUrl>/`. */
export function swaggerUiPage(uiUrl: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SFTPGo REST API</title>
<link rel="stylesheet" href="${uiUrl}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${uiUrl}/swagger-ui-bundle.js"></script>
<script src="${uiUrl}/init.js"></script>
</body>
</html>
`;
}
