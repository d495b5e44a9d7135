# A per-address rate limit in front of the stage (AWS WAF): the stage's own throttle is one
# bucket shared by everyone, so a single unauthenticated caller could spend it and lock every
# user out, and could guess passwords at the full stage rate. A usage plan would not help:
# it limits per API key, and our clients authenticate with Basic credentials, not keys.

locals {
  # Telegram and Discord deliver every user's updates from a few addresses; the webhook
  # checks Telegram's secret-token header and the Discord door each request's signature
  # itself, so the per-address rule leaves those two paths out.
  telegram_webhook_path     = "/telegram/webhook"
  discord_interactions_path = "/discord/interactions"
}

resource "aws_wafv2_web_acl" "api" {
  #checkov:skip=CKV_AWS_192:Nothing behind this API runs Java (the functions are Python), so a Log4j lookup string is inert; the known-bad-inputs rule group would cost a rule for no protection.
  count = var.enable_waf ? 1 : 0

  name        = "${var.name_prefix}-api"
  description = "Per-address rate limit in front of the Immersion Tracker API"
  scope       = "REGIONAL"
  tags        = var.tags

  default_action {
    allow {}
  }

  rule {
    name     = "rate-per-address"
    priority = 0

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit_per_address
        aggregate_key_type = "IP"

        scope_down_statement {
          not_statement {
            statement {
              or_statement {
                statement {
                  byte_match_statement {
                    search_string         = local.telegram_webhook_path
                    positional_constraint = "EXACTLY"

                    field_to_match {
                      uri_path {}
                    }

                    text_transformation {
                      priority = 0
                      type     = "NONE"
                    }
                  }
                }

                statement {
                  byte_match_statement {
                    search_string         = local.discord_interactions_path
                    positional_constraint = "EXACTLY"

                    field_to_match {
                      uri_path {}
                    }

                    text_transformation {
                      priority = 0
                      type     = "NONE"
                    }
                  }
                }
              }
            }
          }
        }
      }
    }

    # Sampled requests would show whole requests, Authorization header included, in the
    # console; the metrics and the (redacted) log below are enough.
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name_prefix}-rate-per-address"
      sampled_requests_enabled   = false
    }
  }

  # Players' events have their own, tighter budget per address: a player reports every few
  # seconds, so a misbehaving one (or a leaked token) is stopped without touching the rest.
  rule {
    name     = "capture-rate-per-address"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.waf_capture_rate_limit_per_address
        aggregate_key_type = "IP"

        scope_down_statement {
          byte_match_statement {
            search_string         = "/capture/"
            positional_constraint = "CONTAINS"

            field_to_match {
              uri_path {}
            }

            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name_prefix}-capture-rate-per-address"
      sampled_requests_enabled   = false
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name_prefix}-api"
    sampled_requests_enabled   = false
  }
}

resource "aws_wafv2_web_acl_association" "api" {
  count = var.enable_waf ? 1 : 0

  resource_arn = aws_api_gateway_stage.this.arn
  web_acl_arn  = aws_wafv2_web_acl.api[0].arn
}

# Blocked requests only (who was rate-limited, when), with credentials redacted.
resource "aws_cloudwatch_log_group" "waf" {
  #checkov:skip=CKV_AWS_158:The log holds blocked requests with the Authorization and Telegram secret-token headers redacted; AWS-managed encryption applies, as for the other logs.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_days variable.
  count = var.enable_waf ? 1 : 0

  name              = "aws-waf-logs-${var.name_prefix}-api" # WAF requires this prefix
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_wafv2_web_acl_logging_configuration" "api" {
  count = var.enable_waf ? 1 : 0

  resource_arn            = aws_wafv2_web_acl.api[0].arn
  log_destination_configs = [aws_cloudwatch_log_group.waf[0].arn]

  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  redacted_fields {
    single_header {
      name = "x-telegram-bot-api-secret-token"
    }
  }

  # A capture token rides in ?token= (Plex can send no header).
  redacted_fields {
    query_string {}
  }

  logging_filter {
    default_behavior = "DROP"

    filter {
      behavior    = "KEEP"
      requirement = "MEETS_ANY"

      condition {
        action_condition {
          action = "BLOCK"
        }
      }
    }
  }
}
