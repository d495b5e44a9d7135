output "api_url" {
  description = "Base URL of the REST API on the custom domain (what sync clients and the web page use)."
  value       = "https://${aws_api_gateway_domain_name.this.domain_name}"
}

output "stage_invoke_url" {
  description = "Base URL of the stage on API Gateway's own domain; it answers only with execute_api_endpoint_enabled = true."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "telegram_webhook_url" {
  description = "URL to register with Telegram's setWebhook."
  value       = "https://${aws_api_gateway_domain_name.this.domain_name}/telegram/webhook"
}

output "discord_interactions_url" {
  description = "URL to enter as the Discord application's Interactions Endpoint URL."
  value       = "https://${aws_api_gateway_domain_name.this.domain_name}/discord/interactions"
}

output "table_name" {
  description = "Name of the DynamoDB table."
  value       = var.table_name
}

output "secret_arns" {
  description = "ARNs of the secrets whose values must be set outside Terraform, by part (users, providers, telegram, discord)."
  value       = local.secret_arns
}

output "domain_regional_name" {
  description = "Target of the custom domain's DNS alias (when DNS is managed outside this module)."
  value       = aws_api_gateway_domain_name.this.regional_domain_name
}

output "domain_regional_zone_id" {
  description = "Hosted zone of the custom domain's DNS alias target."
  value       = aws_api_gateway_domain_name.this.regional_zone_id
}

output "function_names" {
  description = "Names of the six Lambda functions, by role."
  value = {
    api        = module.api_function.function_name
    authorizer = module.authorizer_function.function_name
    webhook    = module.webhook_function.function_name
    digest     = module.digest_function.function_name
    discord    = module.discord_function.function_name
    capture    = module.capture_function.function_name
  }
}

output "web_url" {
  description = "The web page (and Telegram Mini App); set the bot's IMMERSION_TRACKER_WEB_URL and web_origin to it."
  value       = "https://${local.web_host}/"
}
