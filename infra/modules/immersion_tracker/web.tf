# The web page (and Telegram Mini App): its files in a private S3 bucket behind CloudFront,
# and the API under /api/* of the same CloudFront origin, so the page, its session cookie
# (HttpOnly, SameSite=Strict) and the API share one origin and need no CORS at all.

locals {
  web_root = "${path.module}/../../../web"
  web_files = {
    for file in concat(["index.html"], [for f in fileset("${local.web_root}/assets", "*") : "assets/${f}"]) :
    file => lookup(local.web_content_types, regex("\\.[a-z]+$", file), null)
    if can(regex("\\.(html|js|css|svg)$", file))
  }
  web_content_types = {
    ".html" = "text/html; charset=utf-8"
    ".js"   = "text/javascript; charset=utf-8"
    ".css"  = "text/css; charset=utf-8"
    ".svg"  = "image/svg+xml"
  }
  web_host = var.web_domain_name != null ? var.web_domain_name : aws_cloudfront_distribution.web.domain_name
}

resource "aws_s3_bucket" "web" {
  #checkov:skip=CKV_AWS_144:The page's files are rebuilt from the repository by every apply; a second region adds nothing.
  #checkov:skip=CKV_AWS_18:CloudFront's own logs record every request for the page; the bucket is reached only by CloudFront.
  #checkov:skip=CKV2_AWS_62:Nothing reacts to changes of the page's files.
  #checkov:skip=CKV_AWS_145:The page's files are public by nature (served to anyone); SSE-S3 encrypts them at rest.
  bucket_prefix = "${var.name_prefix}-web-"
  force_destroy = true
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "web" {
  bucket                  = aws_s3_bucket.web.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "web" {
  bucket = aws_s3_bucket.web.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "web" {
  bucket = aws_s3_bucket.web.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "web" {
  bucket = aws_s3_bucket.web.id
  rule {
    id     = "old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_object" "web" {
  for_each = local.web_files

  bucket       = aws_s3_bucket.web.id
  key          = each.key
  source       = "${local.web_root}/${each.key}"
  etag         = filemd5("${local.web_root}/${each.key}")
  content_type = each.value
  # Revalidated on every visit (a 304 of a few bytes): a release is seen at once, as on `serve`.
  cache_control = "no-cache"
}

resource "aws_cloudfront_origin_access_control" "web" {
  name                              = "${var.name_prefix}-web"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

data "aws_iam_policy_document" "web_bucket" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.web.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.web.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "web" {
  bucket = aws_s3_bucket.web.id
  policy = data.aws_iam_policy_document.web_bucket.json
}

# /api/* reaches the API without the prefix, and the session cookie travels as
# "Authorization: Session <token>": API Gateway's authorizer caches by that header, so
# each session is its own cache entry (a shared placeholder would let one user's answer
# serve another).
resource "aws_cloudfront_function" "api" {
  name    = "${var.name_prefix}-api-path"
  runtime = "cloudfront-js-2.0"
  comment = "Strip /api and carry the session cookie as the Authorization header"
  publish = true
  code    = file("${path.module}/web_api_function.js")
}

data "aws_cloudfront_cache_policy" "disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_cache_policy" "optimized" {
  name = "Managed-CachingOptimized"
}

data "aws_cloudfront_origin_request_policy" "all_viewer_except_host" {
  name = "Managed-AllViewerExceptHostHeader"
}

resource "aws_cloudfront_response_headers_policy" "web" {
  name = "${var.name_prefix}-web"
  security_headers_config {
    content_security_policy {
      content_security_policy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self' https://telegram.org; connect-src 'self'; frame-ancestors https://web.telegram.org 'self'"
      override                = true
    }
    content_type_options {
      override = true
    }
    referrer_policy {
      referrer_policy = "same-origin"
      override        = true
    }
    strict_transport_security {
      access_control_max_age_sec = 31536000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
  }
}

resource "aws_cloudfront_distribution" "web" {
  #checkov:skip=CKV_AWS_68:The API behind /api/* has its own AWS WAF web ACL with per-address rate limits; the page is static files.
  #checkov:skip=CKV2_AWS_47:The API behind /api/* has its own AWS WAF web ACL; the page is static files.
  #checkov:skip=CKV_AWS_86:Access logs need a log bucket the deployment may not want; the API logs every request itself.
  #checkov:skip=CKV_AWS_310:One origin per path: there is no second copy of the page or the API to fail over to.
  #checkov:skip=CKV_AWS_374:The page is for learners anywhere.
  #checkov:skip=CKV2_AWS_42:A custom certificate is used when web_domain_name is set; the CloudFront domain otherwise.
  #checkov:skip=CKV_AWS_174:TLSv1.2_2021 is set whenever a custom certificate is; CloudFront's own domain fixes its policy.
  #checkov:skip=CKV2_AWS_32:The response headers policy is attached to both behaviours.
  enabled             = true
  is_ipv6_enabled     = true
  default_root_object = "index.html"
  price_class         = var.web_price_class
  aliases             = var.web_domain_name != null ? [var.web_domain_name] : []
  comment             = "${var.name_prefix} web page and API"
  tags                = var.tags

  origin {
    origin_id                = "page"
    domain_name              = aws_s3_bucket.web.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.web.id
  }

  origin {
    origin_id   = "api"
    domain_name = var.domain_name
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = "page"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.optimized.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.web.id
  }

  ordered_cache_behavior {
    path_pattern               = "/api/*"
    target_origin_id           = "api"
    viewer_protocol_policy     = "https-only"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.web.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.api.arn
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.web_domain_name == null
    acm_certificate_arn            = var.web_certificate_arn
    ssl_support_method             = var.web_domain_name != null ? "sni-only" : null
    minimum_protocol_version       = var.web_domain_name != null ? "TLSv1.2_2021" : "TLSv1"
  }
}

resource "aws_route53_record" "web" {
  count   = var.route53_zone_id != null && var.web_domain_name != null ? 1 : 0
  zone_id = var.route53_zone_id
  name    = var.web_domain_name
  type    = "A"
  alias {
    name                   = aws_cloudfront_distribution.web.domain_name
    zone_id                = aws_cloudfront_distribution.web.hosted_zone_id
    evaluate_target_health = false
  }
}
