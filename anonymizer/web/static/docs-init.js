// Swagger UI for /docs, from local files (the CSP forbids inline scripts and other hosts).
"use strict";
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
