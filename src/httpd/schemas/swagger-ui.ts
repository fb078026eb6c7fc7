/**
 * A Swagger UI page for the served OpenAPI document. The UI's scripts come from the swagger-ui-dist
 * package on a public CDN: the server itself ships no browser assets for it.
 */
const SWAGGER_UI_VERSION = '5.17.14';
const CDN = `https://cdn.jsdelivr.net/npm/swagger-ui-dist@${SWAGGER_UI_VERSION}`;

/** The HTML page, loading the document from `documentUrl`. */
export function swaggerUiPage(documentUrl: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SFTPGo REST API</title>
<link rel="stylesheet" href="${CDN}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${CDN}/swagger-ui-bundle.js" crossorigin="anonymous"></script>
<script>
window.onload = () => { window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentUrl)}, dom_id: '#swagger-ui' }); };
</script>
</body>
</html>
`;
}
