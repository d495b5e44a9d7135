variable "name_prefix" {
  description = "Prefix of every named resource (functions, roles, API, schedule)."
  type        = string
  default     = "immersion-tracker"
}

variable "table_name" {
  description = "Name of the DynamoDB table holding every user's items."
  type        = string
}

variable "create_table" {
  description = "Create the table; false uses an existing table of that name (a first-generation table already has the right shape)."
  type        = bool
  default     = true
}

variable "table_deletion_protection" {
  description = "Refuse to delete the table; turn off only to tear a deployment down on purpose."
  type        = bool
  default     = true
}

variable "secret_name_prefix" {
  description = "Prefix of the three Secrets Manager secrets: <prefix>/users, <prefix>/providers and <prefix>/telegram (their values are set outside Terraform)."
  type        = string
  default     = "immersion-tracker"
}

variable "create_secrets" {
  description = "Create the three secrets; false uses existing secrets of those names."
  type        = bool
  default     = true
}

variable "web_origin" {
  description = "Origin of the web page allowed by CORS, e.g. https://tracker.example.com."
  type        = string
}

variable "timezone" {
  description = "Default time zone of users who have not set their own (IANA name)."
  type        = string
  default     = "Pacific/Auckland"
}

variable "domain_name" {
  description = "Custom domain of the API, e.g. api.tracker.example.com."
  type        = string
}

variable "certificate_arn" {
  description = "ARN of the ACM certificate for domain_name, in the API's region."
  type        = string
}

variable "execute_api_endpoint_enabled" {
  description = "Keep API Gateway's own execute-api URL answering next to the custom domain (e.g. to test before DNS is in place); off by default so the custom domain is the only way in."
  type        = bool
  default     = false
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone to create the domain's alias record in; null to manage DNS elsewhere."
  type        = string
  default     = null
}

variable "stage_name" {
  description = "Name of the API Gateway stage."
  type        = string
  default     = "prod"
}

variable "throttling_rate_limit" {
  description = "Steady-state requests per second allowed on the stage."
  type        = number
  default     = 20
}

variable "throttling_burst_limit" {
  description = "Burst of requests allowed on the stage."
  type        = number
  default     = 40
}

variable "enable_waf" {
  description = "Put an AWS WAF web ACL with a per-address rate limit in front of the stage (about 6 USD a month plus 0.60 USD per million requests)."
  type        = bool
  default     = true
}

variable "waf_rate_limit_per_address" {
  description = "Requests one client address may make in any 5 minutes before WAF blocks it (until its rate falls back under the limit); the Telegram webhook path is not counted."
  type        = number
  default     = 600

  validation {
    condition     = var.waf_rate_limit_per_address >= 100 && var.waf_rate_limit_per_address <= 2000000000
    error_message = "AWS WAF rate limits are 100 to 2,000,000,000 requests per 5 minutes."
  }
}

variable "waf_capture_rate_limit_per_address" {
  description = "Player events (POST /capture/...) one client address may send in any 5 minutes before WAF blocks it; a Jellyfin stream reports about 30 times in 5 minutes."
  type        = number
  default     = 300

  validation {
    condition     = var.waf_capture_rate_limit_per_address >= 100 && var.waf_capture_rate_limit_per_address <= 2000000000
    error_message = "AWS WAF rate limits are 100 to 2,000,000,000 requests per 5 minutes."
  }
}

variable "capture_reserved_concurrency" {
  description = "Concurrency reserved for (and capping) the capture function; -1 leaves it unreserved."
  type        = number
  default     = -1
}

variable "authorizer_cache_seconds" {
  description = "How long API Gateway caches an authorizer decision (0 checks the password on every request)."
  type        = number
  default     = 300

  validation {
    condition     = var.authorizer_cache_seconds >= 0 && var.authorizer_cache_seconds <= 3600
    error_message = "API Gateway caches authorizer results for 0 to 3600 seconds."
  }
}

variable "enable_api_logging" {
  description = "Write API Gateway access logs (JSON, one line per request, no headers) and execution error logs."
  type        = bool
  default     = true
}

variable "manage_api_gateway_account" {
  description = "Create the role API Gateway writes logs with and set it account-wide (aws_api_gateway_account, shared by every REST API of the account and region); false when the account already has one."
  type        = bool
  default     = true
}

variable "digest_schedule_expression" {
  description = "When EventBridge Scheduler invokes the notifier. Reminders and digests go out at each user's local time, so it runs every 15 minutes and sends to those who are due; the notices of closed capture sessions go with the next run."
  type        = string
  default     = "rate(15 minutes)"
}

variable "digest_schedule_timezone" {
  description = "Time zone of a cron digest_schedule_expression."
  type        = string
  default     = "UTC"
}

variable "digest_reserved_concurrency" {
  description = "Concurrency reserved for the digest function; -1 leaves it unreserved (the send is recorded before it happens, so overlapping runs never send twice)."
  type        = number
  default     = -1
}

variable "log_retention_days" {
  description = "Retention of every log group."
  type        = number
  default     = 30
}

variable "api_artifact_path" {
  description = "Path of api.zip built by infra/package.py (API and authorizer functions)."
  type        = string
}

variable "bot_artifact_path" {
  description = "Path of bot.zip built by infra/package.py (Telegram webhook and digest functions)."
  type        = string
}

variable "discord_artifact_path" {
  description = "Path of discord.zip built by infra/package.py (the Discord interactions function)."
  type        = string
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

variable "web_domain_name" {
  description = "Custom domain of the web page, e.g. tracker.example.com (its origin is web_origin); null to use CloudFront's own domain."
  type        = string
  default     = null
}

variable "web_certificate_arn" {
  description = "ARN of the ACM certificate for web_domain_name, in us-east-1 (CloudFront's region); null with web_domain_name null."
  type        = string
  default     = null
}

variable "web_price_class" {
  description = "CloudFront price class of the web page."
  type        = string
  default     = "PriceClass_100"
}
