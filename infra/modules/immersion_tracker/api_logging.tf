# API Gateway's access log (one JSON line per request) and execution error log, on by
# default. API Gateway writes both through one role set account-wide (aws_api_gateway_account,
# shared by every REST API of the account and region); the module sets it unless told the
# account already has one.

locals {
  api_logging_role = var.enable_api_logging && var.manage_api_gateway_account

  # One line per request. Only $context variables: no header is logged, so neither the
  # Authorization header nor Telegram's secret-token header can end up in the log.
  api_access_log_format = {
    requestId         = "$context.requestId"
    time              = "$context.requestTimeEpoch"
    ip                = "$context.identity.sourceIp"
    userAgent         = "$context.identity.userAgent"
    user              = "$context.authorizer.principalId"
    method            = "$context.httpMethod"
    path              = "$context.resourcePath"
    protocol          = "$context.protocol"
    status            = "$context.status"
    responseLength    = "$context.responseLength"
    latencyMs         = "$context.responseLatency"
    integrationStatus = "$context.integration.status"
    authorizerStatus  = "$context.authorizer.integrationStatus"
    waf               = "$context.wafResponseCode"
    error             = "$context.error.message"
  }
}

resource "aws_cloudwatch_log_group" "api_access" {
  #checkov:skip=CKV_AWS_158:Access logs hold request metadata (address, user name, route, status), never a credential; the AWS-managed encryption of CloudWatch Logs applies, as for the functions' logs.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_days variable.
  count = var.enable_api_logging ? 1 : 0

  name              = "/aws/apigateway/${var.name_prefix}-access"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# Created here with a retention, rather than by API Gateway on first error with none, so
# the role needs no logs:CreateLogGroup. The name is the one API Gateway writes to.
resource "aws_cloudwatch_log_group" "api_execution" {
  #checkov:skip=CKV_AWS_158:Execution logs at ERROR level hold error messages, never request bodies or headers (data tracing is off); AWS-managed encryption applies.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_days variable.
  count = var.enable_api_logging ? 1 : 0

  name              = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${var.stage_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

data "aws_region" "current" {}

data "aws_iam_policy_document" "api_gateway_assume" {
  statement {
    sid     = "ApiGatewayAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "api_gateway_logs" {
  count = local.api_logging_role ? 1 : 0

  name               = "${var.name_prefix}-api-gateway-logs"
  description        = "Lets API Gateway write this API's access and execution logs"
  assume_role_policy = data.aws_iam_policy_document.api_gateway_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "api_gateway_logs" {
  count = local.api_logging_role ? 1 : 0

  statement {
    sid     = "WriteThisApisLogs"
    actions = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]
    resources = [
      "${aws_cloudwatch_log_group.api_access[0].arn}:*",
      "${aws_cloudwatch_log_group.api_execution[0].arn}:*",
    ]
  }

  # API Gateway looks its log groups up before writing; listing names reveals no content.
  statement {
    sid       = "FindLogGroups"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
  }
}

resource "aws_iam_role_policy" "api_gateway_logs" {
  count = local.api_logging_role ? 1 : 0

  name   = "write-api-logs"
  role   = aws_iam_role.api_gateway_logs[0].id
  policy = data.aws_iam_policy_document.api_gateway_logs[0].json
}

resource "aws_api_gateway_account" "this" {
  count = local.api_logging_role ? 1 : 0

  cloudwatch_role_arn = aws_iam_role.api_gateway_logs[0].arn

  depends_on = [aws_iam_role_policy.api_gateway_logs]
}
