// Swagger UI on the server's own OpenAPI description, with no call to any other
// origin (validatorUrl: null turns off the online spec validator badge).
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
});
