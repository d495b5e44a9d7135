# The REST API: one resource per route path, the Basic-auth REQUEST authorizer on every
# authenticated method, Lambda proxy integrations, and the Telegram webhook route.

resource "aws_api_gateway_rest_api" "this" {
  name        = var.name_prefix
  description = "Immersion Tracker REST API"
  tags        = var.tags

  # Clients reach the API through the custom domain only: API Gateway's own
  # https://<id>.execute-api.<region>.amazonaws.com/<stage> URL would be a second door that
  # domain-level controls and monitoring do not see.
  disable_execute_api_endpoint = !var.execute_api_endpoint_enabled

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  # Plex posts multipart bodies with a JPEG part: passed through as bytes (base64), not text.
  binary_media_types = ["multipart/form-data"]

  # API Gateway gzips an answer of at least 1 KB for a client whose Accept-Encoding takes
  # it (the page's year of /stats: about 40 KB of JSON, under 2 KB gzipped); the functions
  # never compress, and clients without gzip get the same bytes as before.
  minimum_compression_size = "1024"

  # Replacing the API (a new endpoint type, say) brings the new one up before the old goes.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_resource" "route" {
  for_each = local.api_top_paths

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = trimprefix(each.key, "/")
}

resource "aws_api_gateway_resource" "child" {
  for_each = local.api_child_paths

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.route[each.value.parent].id
  path_part   = each.value.part
}

resource "aws_api_gateway_resource" "grandchild" {
  for_each = local.api_grandchild_paths

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.child[each.value.parent].id
  path_part   = each.value.part
}

resource "aws_api_gateway_authorizer" "basic" {
  name           = "basic-auth"
  rest_api_id    = aws_api_gateway_rest_api.this.id
  type           = "REQUEST"
  authorizer_uri = module.authorizer_function.invoke_arn
  # The cache is keyed on the Authorization header alone, which is right only because the
  # authorizer's policy covers the whole stage (tests/infra checks it does): a policy naming
  # one method would, once cached, answer every other route for the same credentials.
  identity_source                  = "method.request.header.Authorization"
  authorizer_result_ttl_in_seconds = var.authorizer_cache_seconds
}

resource "aws_api_gateway_method" "route" {
  #checkov:skip=CKV_AWS_59:Only GET /openapi.json is open, by design (the API description); every other route has the Basic-auth authorizer, checked by tests/infra.
  #checkov:skip=CKV2_AWS_53:The function validates bodies itself and answers 400 naming the field, which an API Gateway model cannot do.
  for_each = local.api_routes

  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = local.api_resource_ids[each.value.path]
  http_method   = each.value.method
  authorization = each.value.authenticated ? "CUSTOM" : "NONE"
  authorizer_id = each.value.authenticated ? aws_api_gateway_authorizer.basic.id : null
}

resource "aws_api_gateway_integration" "route" {
  for_each = local.api_routes

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = local.api_resource_ids[each.value.path]
  http_method             = aws_api_gateway_method.route[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = module.api_function.invoke_arn
}

# Telegram calls POST /telegram/webhook with no Basic auth: the function rejects any update
# whose X-Telegram-Bot-Api-Secret-Token header differs from the secret's webhook token.
resource "aws_api_gateway_resource" "telegram" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "telegram"
}

resource "aws_api_gateway_resource" "telegram_webhook" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.telegram.id
  path_part   = "webhook"
}

resource "aws_api_gateway_method" "telegram_webhook" {
  #checkov:skip=CKV_AWS_59:Telegram cannot send Basic auth; the function checks Telegram's secret-token header instead.
  #checkov:skip=CKV2_AWS_53:The body is a Telegram update, parsed and validated by python-telegram-bot.
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.telegram_webhook.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "telegram_webhook" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.telegram_webhook.id
  http_method             = aws_api_gateway_method.telegram_webhook.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = module.webhook_function.invoke_arn
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowApiGatewayRoutes"
  action        = "lambda:InvokeFunction"
  function_name = module.api_function.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/*/*/*"
}

resource "aws_lambda_permission" "authorizer" {
  statement_id  = "AllowApiGatewayAuthorizer"
  action        = "lambda:InvokeFunction"
  function_name = module.authorizer_function.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/authorizers/${aws_api_gateway_authorizer.basic.id}"
}

resource "aws_lambda_permission" "telegram_webhook" {
  statement_id  = "AllowApiGatewayTelegramWebhook"
  action        = "lambda:InvokeFunction"
  function_name = module.webhook_function.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/*/POST/telegram/webhook"
}

# Players post their events to POST /capture/{source}, answered by the capture function.
# No authorizer: the function checks the capture token (?token= or Bearer) against its
# digest in the table, and refuses a password; Plex cannot send any header.
resource "aws_api_gateway_resource" "capture" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "capture"
}

resource "aws_api_gateway_resource" "capture_source" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.capture.id
  path_part   = "{source}"
}

resource "aws_api_gateway_method" "capture" {
  #checkov:skip=CKV_AWS_59:Players cannot send Basic auth; the function checks the capture token instead.
  #checkov:skip=CKV2_AWS_53:The bodies are Jellyfin, Plex, Emby or our own JSON, read and checked by the function (400 naming the field).
  for_each = local.capture_routes

  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.capture_source.id
  http_method   = each.value.method
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "capture" {
  for_each = local.capture_routes

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.capture_source.id
  http_method             = aws_api_gateway_method.capture[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = module.capture_function.invoke_arn
}

resource "aws_lambda_permission" "capture" {
  statement_id  = "AllowApiGatewayCapture"
  action        = "lambda:InvokeFunction"
  function_name = module.capture_function.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/*/POST/capture/*"
}

# Discord calls POST /discord/interactions with no Basic auth: the function verifies each
# request's Ed25519 signature (and its timestamp) before it reads anything.
resource "aws_api_gateway_resource" "discord" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "discord"
}

resource "aws_api_gateway_resource" "discord_interactions" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.discord.id
  path_part   = "interactions"
}

resource "aws_api_gateway_method" "discord_interactions" {
  #checkov:skip=CKV_AWS_59:Discord cannot send Basic auth; the function verifies Discord's Ed25519 signature instead.
  #checkov:skip=CKV2_AWS_53:The body must reach the function byte for byte: its signature covers the raw bytes.
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.discord_interactions.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "discord_interactions" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.discord_interactions.id
  http_method             = aws_api_gateway_method.discord_interactions.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = module.discord_function.invoke_arn
}

resource "aws_lambda_permission" "discord_interactions" {
  statement_id  = "AllowApiGatewayDiscordInteractions"
  action        = "lambda:InvokeFunction"
  function_name = module.discord_function.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/*/POST/discord/interactions"
}
