# Three secrets, so that each function can read only what its code needs: the users'
# password hashes (API and authorizer), the metadata providers' keys (API and Telegram
# webhook) and the Telegram bot token with the webhook secret (webhook and digest).
# Their values are written outside Terraform so that no credential ever reaches the state
# file; infra/README.md documents each JSON document and how to rotate it.
resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV2_AWS_57:The secrets hold third-party API keys, a bot token and password hashes that no Lambda can rotate by itself; rotation is the documented manual procedure.
  #checkov:skip=CKV_AWS_149:Encrypted with the AWS-managed Secrets Manager key; IAM already limits each secret to the functions that read it, which a customer key would only repeat.
  for_each = { for part, description in local.secret_descriptions : part => description if var.create_secrets }

  name                    = "${var.secret_name_prefix}/${each.key}"
  description             = each.value
  recovery_window_in_days = 7
  tags                    = var.tags
}

data "aws_secretsmanager_secret" "existing" {
  for_each = { for part, description in local.secret_descriptions : part => description if !var.create_secrets }

  name = "${var.secret_name_prefix}/${each.key}"
}
