locals {
  # The REST routes the API function serves. The offline tests in tests/infra compare this
  # map with handlers.http.routes.ROUTES, so a route added to one and not the other fails CI.
  # Every path is a single segment under the root: the service matches the last segment.
  api_routes = {
    "GET /progress"     = { method = "GET", path = "/progress", authenticated = true }
    "GET /shows"        = { method = "GET", path = "/shows", authenticated = true }
    "POST /sync"        = { method = "POST", path = "/sync", authenticated = true }
    "PUT /show"         = { method = "PUT", path = "/show", authenticated = true }
    "POST /syncmovies"  = { method = "POST", path = "/syncmovies", authenticated = true }
    "POST /syncyoutube" = { method = "POST", path = "/syncyoutube", authenticated = true }
    "POST /syncspotify" = { method = "POST", path = "/syncspotify", authenticated = true }
    "GET /search"       = { method = "GET", path = "/search", authenticated = true }
    "POST /linkcode"    = { method = "POST", path = "/linkcode", authenticated = true }
    "GET /openapi.json" = { method = "GET", path = "/openapi.json", authenticated = false }
  }

  api_paths = toset([for route in values(local.api_routes) : route.path])

  table_arn  = var.create_table ? aws_dynamodb_table.this[0].arn : data.aws_dynamodb_table.existing[0].arn
  secret_arn = var.create_secret ? aws_secretsmanager_secret.this[0].arn : data.aws_secretsmanager_secret.existing[0].arn

  # The settings every function reads (handlers.settings); credentials stay in the secret.
  function_environment = {
    IMMERSION_TRACKER_STORAGE    = "dynamodb://${var.table_name}"
    IMMERSION_TRACKER_SECRET_ID  = local.secret_arn
    IMMERSION_TRACKER_WEB_ORIGIN = var.web_origin
    IMMERSION_TRACKER_TIMEZONE   = var.timezone
  }

  cors_headers = {
    "Access-Control-Allow-Headers" = "Authorization,Content-Type"
    "Access-Control-Allow-Methods" = "GET,POST,PUT,OPTIONS"
    "Access-Control-Allow-Origin"  = var.web_origin
  }
}
