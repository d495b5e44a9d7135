"""The AWS doors: the API Gateway Lambda entry, the authorizer and Secrets Manager (I/O)."""
