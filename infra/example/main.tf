module "immersion_tracker" {
  source = "../modules/immersion_tracker"

  table_name                 = var.table_name
  create_table               = var.create_table
  secret_name_prefix         = var.secret_name_prefix
  create_secrets             = var.create_secrets
  web_origin                 = var.web_origin
  domain_name                = var.domain_name
  certificate_arn            = var.certificate_arn
  route53_zone_id            = var.route53_zone_id
  digest_schedule_expression = var.digest_schedule_expression
  log_retention_days         = var.log_retention_days
  api_artifact_path          = var.api_artifact_path
  bot_artifact_path          = var.bot_artifact_path
  discord_artifact_path      = var.discord_artifact_path
}
