locals {
  # The REST routes the API function serves. The offline tests in tests/infra compare this
  # map with handlers.http.routes.ROUTES, so a route added to one and not the other fails CI.
  # The service matches a route by the path's last segments, so every route hangs off the root.
  api_routes = {
    "GET /progress"               = { method = "GET", path = "/progress", authenticated = true }
    "GET /shows"                  = { method = "GET", path = "/shows", authenticated = true }
    "POST /sync"                  = { method = "POST", path = "/sync", authenticated = true }
    "PUT /show"                   = { method = "PUT", path = "/show", authenticated = true }
    "POST /syncmovies"            = { method = "POST", path = "/syncmovies", authenticated = true }
    "POST /syncyoutube"           = { method = "POST", path = "/syncyoutube", authenticated = true }
    "POST /syncspotify"           = { method = "POST", path = "/syncspotify", authenticated = true }
    "GET /search"                 = { method = "GET", path = "/search", authenticated = true }
    "POST /linkcode"              = { method = "POST", path = "/linkcode", authenticated = true }
    "POST /log"                   = { method = "POST", path = "/log", authenticated = true }
    "GET /history"                = { method = "GET", path = "/history", authenticated = true }
    "PATCH /history/{id}"         = { method = "PATCH", path = "/history/{id}", authenticated = true }
    "DELETE /history/{id}"        = { method = "DELETE", path = "/history/{id}", authenticated = true }
    "GET /stats"                  = { method = "GET", path = "/stats", authenticated = true }
    "GET /review"                 = { method = "GET", path = "/review", authenticated = true }
    "GET /review.png"             = { method = "GET", path = "/review.png", authenticated = true }
    "GET /title"                  = { method = "GET", path = "/title", authenticated = true }
    "GET /settings"               = { method = "GET", path = "/settings", authenticated = true }
    "PUT /settings"               = { method = "PUT", path = "/settings", authenticated = true }
    "GET /export"                 = { method = "GET", path = "/export", authenticated = true }
    "POST /import"                = { method = "POST", path = "/import", authenticated = true }
    "DELETE /imports/{import_id}" = { method = "DELETE", path = "/imports/{import_id}", authenticated = true }
    "GET /openapi.json"           = { method = "GET", path = "/openapi.json", authenticated = false }
    "GET /session"                = { method = "GET", path = "/session", authenticated = true }
    "POST /session"               = { method = "POST", path = "/session", authenticated = true }
    "DELETE /session"             = { method = "DELETE", path = "/session", authenticated = false }
    "POST /session/token"         = { method = "POST", path = "/session/token", authenticated = true }
    # The Mini App's sign-in: the signed initData is checked by the function itself.
    "POST /session/telegram"     = { method = "POST", path = "/session/telegram", authenticated = false }
    "POST /integrations"         = { method = "POST", path = "/integrations", authenticated = true }
    "GET /integrations"          = { method = "GET", path = "/integrations", authenticated = true }
    "DELETE /integrations/{id}"  = { method = "DELETE", path = "/integrations/{id}", authenticated = true }
    "GET /captures"              = { method = "GET", path = "/captures", authenticated = true }
    "POST /captures/{id}/accept" = { method = "POST", path = "/captures/{id}/accept", authenticated = true }
  }

  # Players' events: a route and a function of their own, authorised by the capture token
  # in the request (no authorizer: a password never opens it, and Plex can send no header).
  capture_routes = {
    "POST /capture/{source}" = { method = "POST", path = "/capture/{source}", authenticated = false }
  }

  api_paths = toset([for route in values(local.api_routes) : route.path])
  # A route path is one segment under the root, or that and a parameter ("/history/{id}")
  # or a word ("/session/telegram"), or those and a word ("/captures/{id}/accept"); every
  # prefix of a route path is a resource too.
  api_segments  = { for path in local.api_paths : path => split("/", trimprefix(path, "/")) }
  api_top_paths = toset([for path in local.api_paths : "/${local.api_segments[path][0]}"])
  api_child_prefixes = distinct(flatten([
    for path in local.api_paths : length(local.api_segments[path]) >= 2 ? [
      "/${join("/", slice(local.api_segments[path], 0, 2))}"
    ] : []
  ]))
  api_child_paths = {
    for prefix in local.api_child_prefixes : prefix => {
      parent = "/${split("/", trimprefix(prefix, "/"))[0]}"
      part   = split("/", trimprefix(prefix, "/"))[1]
    }
  }
  api_grandchild_paths = {
    for path in local.api_paths : path => {
      parent = "/${join("/", slice(local.api_segments[path], 0, 2))}"
      part   = local.api_segments[path][2]
    } if length(local.api_segments[path]) == 3
  }
  api_resource_ids = merge(
    { for path, resource in aws_api_gateway_resource.route : path => resource.id },
    { for path, resource in aws_api_gateway_resource.child : path => resource.id },
    { for path, resource in aws_api_gateway_resource.grandchild : path => resource.id },
  )

  table_arn = var.create_table ? aws_dynamodb_table.this[0].arn : data.aws_dynamodb_table.existing[0].arn

  secret_descriptions = {
    users     = "Immersion Tracker users and their password hashes"
    providers = "Immersion Tracker metadata providers' API keys"
    telegram  = "Immersion Tracker Telegram bot token and webhook secret"
    discord   = "Immersion Tracker Discord application public key and bot token"
  }
  secret_arns = {
    for part in keys(local.secret_descriptions) : part => (
      var.create_secrets ? aws_secretsmanager_secret.this[part].arn : data.aws_secretsmanager_secret.existing[part].arn
    )
  }

  # The secrets each function reads, and may read (its policy is built from the same list):
  # password hashes reach only the API and the authorizer, the bot token only the bot.
  function_secrets = {
    api        = ["users", "providers"]
    authorizer = ["users"]
    webhook    = ["providers", "telegram"]
    digest     = ["telegram", "discord"]
    discord    = ["providers", "discord"]
    capture    = []
  }

  # The settings every function reads (handlers.settings); credentials stay in the secrets.
  common_environment = {
    IMMERSION_TRACKER_STORAGE    = "dynamodb://${var.table_name}"
    IMMERSION_TRACKER_WEB_ORIGIN = var.web_origin
    IMMERSION_TRACKER_WEB_URL    = "${var.web_origin}/"
    IMMERSION_TRACKER_TIMEZONE   = var.timezone
  }
  function_environment = {
    for function, parts in local.function_secrets : function => merge(local.common_environment, {
      IMMERSION_TRACKER_SECRET_ID = join(",", [for part in parts : local.secret_arns[part]])
    })
  }

  cors_headers = {
    "Access-Control-Allow-Headers" = "Authorization,Content-Type"
    "Access-Control-Allow-Methods" = "GET,POST,PUT,OPTIONS"
    "Access-Control-Allow-Origin"  = var.web_origin
    "X-Content-Type-Options"       = "nosniff"
  }
}
