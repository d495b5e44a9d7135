# Deployment, stage, throttling and the custom domain.

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id

  # A deployment is a snapshot: take a new one whenever anything it contains changes.
  triggers = {
    redeployment = sha1(jsonencode([
      local.api_routes,
      local.cors_headers,
      aws_api_gateway_authorizer.basic,
      aws_api_gateway_resource.route,
      aws_api_gateway_resource.child,
      aws_api_gateway_resource.grandchild,
      local.capture_routes,
      aws_api_gateway_method.capture,
      aws_api_gateway_integration.capture,
      aws_api_gateway_method.route,
      aws_api_gateway_integration.route,
      aws_api_gateway_method.preflight,
      aws_api_gateway_integration.preflight,
      aws_api_gateway_method_response.preflight,
      aws_api_gateway_integration_response.preflight,
      aws_api_gateway_resource.telegram_webhook,
      aws_api_gateway_method.telegram_webhook,
      aws_api_gateway_integration.telegram_webhook,
      aws_api_gateway_resource.discord_interactions,
      aws_api_gateway_method.discord_interactions,
      aws_api_gateway_integration.discord_interactions,
      aws_api_gateway_gateway_response.unauthorized,
      aws_api_gateway_gateway_response.default,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "this" {
  #checkov:skip=CKV_AWS_73:X-Ray tracing is not used by the product (see the Lambda functions).
  #checkov:skip=CKV_AWS_120:Responses are per user and change with every sync; caching them would serve stale or foreign data.
  #checkov:skip=CKV2_AWS_77:Nothing behind this API runs Java (the functions are Python), so the Log4j managed rules would protect nothing.
  #checkov:skip=CKV2_AWS_51:Clients are sync scripts, browsers and Telegram: none presents a client certificate.
  deployment_id = aws_api_gateway_deployment.this.id
  rest_api_id   = aws_api_gateway_rest_api.this.id
  stage_name    = var.stage_name
  tags          = var.tags

  dynamic "access_log_settings" {
    for_each = var.enable_api_logging ? [1] : []
    content {
      destination_arn = aws_cloudwatch_log_group.api_access[0].arn
      format          = jsonencode(local.api_access_log_format)
    }
  }

  # Logging needs the account's API Gateway role to be in place first.
  depends_on = [aws_api_gateway_account.this]
}

resource "aws_api_gateway_method_settings" "all" {
  #checkov:skip=CKV_AWS_225:Responses are per user and change with every sync; caching them would serve stale or foreign data.
  #checkov:skip=CKV_AWS_308:No cache is enabled, so there is no cache to encrypt.
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    throttling_rate_limit  = var.throttling_rate_limit
    throttling_burst_limit = var.throttling_burst_limit
    metrics_enabled        = true
    logging_level          = var.enable_api_logging ? "ERROR" : "OFF"
    # Request and response bodies and headers (Authorization among them) stay out of logs.
    data_trace_enabled = false
    caching_enabled    = false
  }

  depends_on = [aws_api_gateway_account.this]
}

resource "aws_api_gateway_domain_name" "this" {
  domain_name              = var.domain_name
  regional_certificate_arn = var.certificate_arn
  security_policy          = "TLS_1_2"
  tags                     = var.tags

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

# An empty base path: the domain's root is the stage, so https://<domain>/progress works and
# old clients configured with that base URL keep working.
resource "aws_api_gateway_base_path_mapping" "this" {
  api_id      = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  domain_name = aws_api_gateway_domain_name.this.domain_name
}

resource "aws_route53_record" "api" {
  count = var.route53_zone_id == null ? 0 : 1

  zone_id = var.route53_zone_id
  name    = aws_api_gateway_domain_name.this.domain_name
  type    = "A"

  alias {
    name                   = aws_api_gateway_domain_name.this.regional_domain_name
    zone_id                = aws_api_gateway_domain_name.this.regional_zone_id
    evaluate_target_health = false
  }
}
