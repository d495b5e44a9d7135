output "api_url" {
  description = "Base URL for sync clients and the web page."
  value       = module.immersion_tracker.api_url
}

output "telegram_webhook_url" {
  description = "URL to register with Telegram's setWebhook."
  value       = module.immersion_tracker.telegram_webhook_url
}

output "table_name" {
  description = "Name of the DynamoDB table."
  value       = module.immersion_tracker.table_name
}

output "secret_arns" {
  description = "ARNs of the secrets to fill in, by part (see infra/README.md)."
  value       = module.immersion_tracker.secret_arns
}

output "stage_invoke_url" {
  description = "API Gateway's own URL of the stage."
  value       = module.immersion_tracker.stage_invoke_url
}

output "web_url" {
  description = "The web page and Telegram Mini App (CloudFront: the page, and the API under /api/)."
  value       = module.immersion_tracker.web_url
}
