# The six functions, each with its own role. Each policy grants exactly the DynamoDB and
# Secrets Manager actions that function's code calls: tests/infra derives those actions from
# the code (import closure of the handler, boto3 client methods called) and fails on drift.

data "aws_iam_policy_document" "api" {
  statement {
    sid = "ReadWriteItems"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [local.table_arn]
  }

  statement {
    sid       = "ReadOwnSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [for part in local.function_secrets.api : local.secret_arns[part]]
  }
}

# The authorizer only looks an account up: it must not be able to change or delete items,
# even though the adapter module it imports can.
data "aws_iam_policy_document" "authorizer" {
  statement {
    sid       = "ReadItems"
    actions   = ["dynamodb:GetItem"]
    resources = [local.table_arn]
  }

  statement {
    sid       = "ReadOwnSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [for part in local.function_secrets.authorizer : local.secret_arns[part]]
  }
}

data "aws_iam_policy_document" "webhook" {
  statement {
    sid = "ReadWriteItems"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [local.table_arn]
  }

  statement {
    sid       = "ReadOwnSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [for part in local.function_secrets.webhook : local.secret_arns[part]]
  }
}

data "aws_iam_policy_document" "digest" {
  statement {
    sid = "ReadWriteItems"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [local.table_arn]
  }

  statement {
    sid       = "ReadOwnSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [for part in local.function_secrets.digest : local.secret_arns[part]]
  }
}

# The capture function reads and writes the table and nothing else: no secret at all.
data "aws_iam_policy_document" "capture" {
  statement {
    sid = "ReadWriteItems"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [local.table_arn]
  }
}

# The Discord door answers within Discord's 3 seconds and finishes slow commands (links,
# charts, exports) in an asynchronous invocation of itself: it may invoke only itself.
locals {
  discord_function_name = "${var.name_prefix}-discord-interactions"
}

data "aws_iam_policy_document" "discord" {
  statement {
    sid = "ReadWriteItems"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [local.table_arn]
  }

  statement {
    sid       = "ReadOwnSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [for part in local.function_secrets.discord : local.secret_arns[part]]
  }

  statement {
    sid     = "FinishDeferredAnswers"
    actions = ["lambda:InvokeFunction"]
    # Built from the name, not the module's output: the function's role depends on this.
    resources = ["arn:aws:lambda:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:function:${local.discord_function_name}"]
  }
}

module "api_function" {
  source = "./modules/lambda_function"

  function_name      = "${var.name_prefix}-api"
  description        = "Immersion Tracker REST API"
  handler            = "handlers.aws.api_lambda.lambda_handler"
  artifact_path      = var.api_artifact_path
  memory_size        = 512
  timeout            = 29 # API Gateway gives up on an integration after 29 s
  environment        = local.function_environment.api
  policy_json        = data.aws_iam_policy_document.api.json
  log_retention_days = var.log_retention_days
  tags               = var.tags
}

module "authorizer_function" {
  source = "./modules/lambda_function"

  function_name = "${var.name_prefix}-authorizer"
  description   = "Immersion Tracker Basic-auth authorizer"
  handler       = "handlers.aws.authorizer.lambda_handler"
  artifact_path = var.api_artifact_path
  # Password hashes are deliberately slow; Lambda's CPU share grows with memory.
  memory_size        = 1024
  timeout            = 10
  environment        = local.function_environment.authorizer
  policy_json        = data.aws_iam_policy_document.authorizer.json
  log_retention_days = var.log_retention_days
  tags               = var.tags
}

module "webhook_function" {
  source = "./modules/lambda_function"

  function_name = "${var.name_prefix}-telegram-webhook"
  description   = "Immersion Tracker Telegram bot (one update per invocation)"
  handler       = "bot.webhook_lambda.lambda_handler"
  artifact_path = var.bot_artifact_path
  # Charts are drawn with matplotlib, which wants memory and the CPU that comes with it.
  memory_size        = 1024
  timeout            = 29
  environment        = local.function_environment.webhook
  policy_json        = data.aws_iam_policy_document.webhook.json
  log_retention_days = var.log_retention_days
  tags               = var.tags
}

module "digest_function" {
  source = "./modules/lambda_function"

  function_name = "${var.name_prefix}-weekly-digest"
  description   = "Immersion Tracker notifier: reminders and weekly digests"
  handler       = "bot.notifier_lambda.lambda_handler"
  artifact_path = var.bot_artifact_path
  memory_size   = 1024
  # Telegram allows about 30 messages per second: thousands of users take minutes.
  timeout                        = 900
  reserved_concurrent_executions = var.digest_reserved_concurrency
  environment                    = local.function_environment.digest
  policy_json                    = data.aws_iam_policy_document.digest.json
  log_retention_days             = var.log_retention_days
  tags                           = var.tags
}

module "capture_function" {
  source = "./modules/lambda_function"

  function_name = "${var.name_prefix}-capture"
  description   = "Immersion Tracker capture: players' events, authorised by their token"
  handler       = "handlers.aws.capture_lambda.lambda_handler"
  artifact_path = var.api_artifact_path
  memory_size   = 256
  timeout       = 10
  # Players report every few seconds: a ceiling keeps a flood from taking the account's
  # concurrency from the API (the WAF's per-address rule acts before this).
  reserved_concurrent_executions = var.capture_reserved_concurrency
  environment                    = local.function_environment.capture
  policy_json                    = data.aws_iam_policy_document.capture.json
  log_retention_days             = var.log_retention_days
  tags                           = var.tags
}

module "discord_function" {
  source = "./modules/lambda_function"

  function_name = local.discord_function_name
  description   = "Immersion Tracker Discord door (HTTP interactions)"
  handler       = "bot.discord.interactions_lambda.lambda_handler"
  artifact_path = var.discord_artifact_path
  # /progress draws its chart with matplotlib, which wants memory and the CPU that comes with it.
  memory_size        = 1024
  timeout            = 29
  environment        = local.function_environment.discord
  policy_json        = data.aws_iam_policy_document.discord.json
  log_retention_days = var.log_retention_days
  tags               = var.tags
}
