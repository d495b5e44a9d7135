# OPTIONS on every route path answers the browser's preflight without auth and without a
# Lambda call (a MOCK integration), with the headers of spec/rest-api.md.

resource "aws_api_gateway_method" "preflight" {
  #checkov:skip=CKV_AWS_59:Browsers send CORS preflight requests without credentials; the mock integration returns only headers.
  #checkov:skip=CKV2_AWS_53:A preflight request has no body.
  for_each = local.api_paths

  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = local.api_resource_ids[each.key]
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "preflight" {
  for_each = local.api_paths

  rest_api_id       = aws_api_gateway_rest_api.this.id
  resource_id       = local.api_resource_ids[each.key]
  http_method       = aws_api_gateway_method.preflight[each.key].http_method
  type              = "MOCK"
  request_templates = { "application/json" = jsonencode({ statusCode = 200 }) }
}

resource "aws_api_gateway_method_response" "preflight" {
  for_each = local.api_paths

  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = local.api_resource_ids[each.key]
  http_method = aws_api_gateway_method.preflight[each.key].http_method
  status_code = "200"

  response_parameters = {
    for header in keys(local.cors_headers) : "method.response.header.${header}" => true
  }
}

resource "aws_api_gateway_integration_response" "preflight" {
  for_each = local.api_paths

  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = local.api_resource_ids[each.key]
  http_method = aws_api_gateway_method.preflight[each.key].http_method
  status_code = aws_api_gateway_method_response.preflight[each.key].status_code

  # Values of static headers are quoted: API Gateway reads them as literals.
  response_parameters = {
    for header, value in local.cors_headers : "method.response.header.${header}" => "'${value}'"
  }

  depends_on = [aws_api_gateway_integration.preflight]
}
