# Errors API Gateway answers by itself (missing credentials, denied, throttled, timed out)
# keep the API's shape: JSON {"message": ...} with the CORS origin, so old clients print a
# sentence and the web page can read it.

resource "aws_api_gateway_gateway_response" "unauthorized" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  response_type = "UNAUTHORIZED"
  status_code   = "401"

  response_parameters = {
    "gatewayresponse.header.WWW-Authenticate"            = "'Basic'"
    "gatewayresponse.header.Access-Control-Allow-Origin" = "'${var.web_origin}'"
    "gatewayresponse.header.X-Content-Type-Options"      = "'nosniff'"
  }

  response_templates = {
    "application/json" = jsonencode({ message = "Unauthorized" })
  }
}

resource "aws_api_gateway_gateway_response" "default" {
  for_each = toset(["DEFAULT_4XX", "DEFAULT_5XX"])

  rest_api_id   = aws_api_gateway_rest_api.this.id
  response_type = each.key

  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin" = "'${var.web_origin}'"
    "gatewayresponse.header.X-Content-Type-Options"      = "'nosniff'"
  }

  # $context.error.messageString is already a quoted JSON string.
  response_templates = {
    "application/json" = "{\"message\":$context.error.messageString}"
  }
}
