# The secret's value (users, provider keys, Telegram token) is written outside Terraform so
# that no credential ever reaches the state file; infra/README.md documents its JSON.
resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV2_AWS_57:The secret holds third-party API keys and password hashes that no Lambda can rotate by itself; rotation is the documented manual procedure.
  #checkov:skip=CKV_AWS_149:Encrypted with the AWS-managed Secrets Manager key; a customer key would have to be granted to every function role for no gain in isolation.
  count = var.create_secret ? 1 : 0

  name                    = var.secret_name
  description             = "Immersion Tracker users and provider credentials"
  recovery_window_in_days = 7
  tags                    = var.tags
}

data "aws_secretsmanager_secret" "existing" {
  count = var.create_secret ? 0 : 1
  name  = var.secret_name
}
