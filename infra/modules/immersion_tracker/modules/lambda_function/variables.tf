variable "function_name" {
  description = "Name of the Lambda function (also names its role and log group)."
  type        = string
}

variable "description" {
  description = "What the function does, shown in the console."
  type        = string
}

variable "handler" {
  description = "module.function of the entry point, with packages at the zip root."
  type        = string
}

variable "artifact_path" {
  description = "Path of the zip built by infra/package.py."
  type        = string
}

variable "memory_size" {
  description = "Memory in MB; Lambda allocates CPU in proportion to it."
  type        = number
}

variable "timeout" {
  description = "Timeout in seconds."
  type        = number
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) the function; -1 leaves it unreserved."
  type        = number
  default     = -1
}

variable "environment" {
  description = "Environment variables of the function."
  type        = map(string)
}

variable "policy_json" {
  description = "IAM policy document (JSON) of everything the function's code calls, besides its own logs."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the function's CloudWatch log group."
  type        = number
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
