"""The HTTP door: router, request and response models, auth, OpenAPI, local server."""
