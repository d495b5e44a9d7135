variable "region" {
  description = "AWS region of every resource (the certificate must be in it too)."
  type        = string
  default     = "ap-southeast-2"
}

variable "domain_name" {
  description = "Custom domain of the API, e.g. api.tracker.example.com."
  type        = string
}

variable "certificate_arn" {
  description = "ARN of the ACM certificate for domain_name, in var.region."
  type        = string
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone for the domain's alias record; null to manage DNS elsewhere."
  type        = string
  default     = null
}

variable "table_name" {
  description = "DynamoDB table name; an existing first-generation table can be used (see infra/README.md)."
  type        = string
  default     = "immersion-tracker"
}

variable "create_table" {
  description = "Create the table (false: use an existing one of that name)."
  type        = bool
  default     = true
}

variable "secret_name_prefix" {
  description = "Prefix of the three Secrets Manager secrets (<prefix>/users, /providers, /telegram)."
  type        = string
  default     = "immersion-tracker"
}

variable "create_secrets" {
  description = "Create the three secrets (false: use existing ones of those names)."
  type        = bool
  default     = true
}

variable "web_origin" {
  description = "Origin of the web page allowed by CORS."
  type        = string
}

variable "digest_schedule_expression" {
  description = "When the digest function runs (it sends to the users who are due)."
  type        = string
  default     = "rate(15 minutes)"
}

variable "log_retention_days" {
  description = "Retention of every log group."
  type        = number
  default     = 30
}

variable "api_artifact_path" {
  description = "Path of api.zip from infra/package.py."
  type        = string
  default     = "../build/api.zip"
}

variable "bot_artifact_path" {
  description = "Path of bot.zip from infra/package.py."
  type        = string
  default     = "../build/bot.zip"
}

variable "discord_artifact_path" {
  description = "Path of discord.zip from infra/package.py."
  type        = string
  default     = "../build/discord.zip"
}
