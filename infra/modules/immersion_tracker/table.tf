# One table, single-table design: every item of a user under pk = "USER#<user>".
resource "aws_dynamodb_table" "this" {
  #checkov:skip=CKV_AWS_119:Encrypted at rest with the AWS-managed key; a customer key adds cost and a key policy without changing who can read the table (IAM decides that).
  count = var.create_table ? 1 : 0

  name                        = var.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = var.table_deletion_protection
  tags                        = var.tags

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  # Short-lived items (link codes, undo history) carry an expiry in epoch seconds.
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

data "aws_dynamodb_table" "existing" {
  count = var.create_table ? 0 : 1
  name  = var.table_name
}
