# One Lambda function with its own role, its own log group and nothing else: every
# function of the product gets exactly the permissions its code path uses.

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "LambdaAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.function_name
  description        = "Runs the ${var.function_name} Lambda function"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

# The log group is created here, not by Lambda on first run, so that its retention is
# managed and the role needs no logs:CreateLogGroup.
resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:Logs hold no secrets; the AWS-managed encryption of CloudWatch Logs is enough and a customer key would add a key policy to maintain.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_days variable; a year of request logs is more than an operator of this product needs.
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }
}

resource "aws_iam_role_policy" "logs" {
  name   = "logs"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.logs.json
}

resource "aws_iam_role_policy" "code" {
  name   = "code"
  role   = aws_iam_role.this.id
  policy = var.policy_json
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_50:X-Ray tracing would need xray:Put* on resource "*" in every role; CloudWatch logs and metrics are the product's observability.
  #checkov:skip=CKV_AWS_116:No asynchronous event source retries into a queue: API Gateway calls are synchronous, and the scheduler carries its own retry policy.
  #checkov:skip=CKV_AWS_117:The functions reach only public endpoints (DynamoDB, Secrets Manager, Telegram, metadata providers); a VPC would add NAT cost and cold-start latency for no isolation gain.
  #checkov:skip=CKV_AWS_173:The environment holds only names (table, secret id, origin, time zone); every credential lives in Secrets Manager.
  #checkov:skip=CKV_AWS_272:Artifacts are built reproducibly by infra/package.py and deployed by the same operator; code signing adds a signing profile without a second party to trust.
  #checkov:skip=CKV_AWS_115:Concurrency is the reserved_concurrent_executions variable; reserving by default fails on new accounts whose unreserved pool is at its minimum.
  function_name                  = var.function_name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  handler                        = var.handler
  runtime                        = "python3.12"
  architectures                  = ["arm64"]
  filename                       = var.artifact_path
  source_code_hash               = filebase64sha256(var.artifact_path)
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions
  tags                           = var.tags

  environment {
    variables = var.environment
  }

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.logs]
}
