# EventBridge Scheduler invokes the notifier (the "digest" function) every 15 minutes; it reads
# who is due from the due-time index (reminders at each user's local time, weekly digests)
# and leases each send before making it. Resource names stay "digest" so state is kept.

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    sid     = "SchedulerAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    # Only schedules of this account may use the role (confused-deputy guard).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "digest_scheduler" {
  name               = "${var.name_prefix}-digest-scheduler"
  description        = "Lets EventBridge Scheduler invoke the notifier function"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "digest_scheduler" {
  statement {
    sid       = "InvokeDigest"
    actions   = ["lambda:InvokeFunction"]
    resources = [module.digest_function.arn]
  }
}

resource "aws_iam_role_policy" "digest_scheduler" {
  name   = "invoke-digest"
  role   = aws_iam_role.digest_scheduler.id
  policy = data.aws_iam_policy_document.digest_scheduler.json
}

resource "aws_scheduler_schedule" "digest" {
  #checkov:skip=CKV_AWS_297:The schedule carries no input at all, so there is nothing for a customer-managed key to protect.
  name                         = "${var.name_prefix}-weekly-digest"
  description                  = "Invokes the notifier, which sends the reminders and weekly digests that are due"
  schedule_expression          = var.digest_schedule_expression
  schedule_expression_timezone = var.digest_schedule_timezone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = module.digest_function.arn
    role_arn = aws_iam_role.digest_scheduler.arn

    # A retried run is harmless: sends already recorded are skipped.
    retry_policy {
      maximum_event_age_in_seconds = 3600
      maximum_retry_attempts       = 2
    }
  }
}
