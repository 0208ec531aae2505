// Shows this server's /openapi.yml. "Authorize" takes a bearer token (server token, API key or JWT).
window.ui = SwaggerUIBundle({
  url: "/openapi.yml",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: false,
  validatorUrl: null
});
