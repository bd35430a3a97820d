variable "project" {
  description = "The Google Cloud project whose Cloud Run services Runshift releases to."
  type        = string
}

variable "runtime_service_accounts" {
  description = "Emails of the runtime service accounts of the Cloud Run services Runshift deploys (the deploy worker must act as them)."
  type        = list(string)
  default     = []
}

variable "subscription" {
  description = "Name of the subscription on the cloud-builds topic that the trigger reads."
  type        = string
  default     = "runshift-builds"
}

variable "trigger_role" {
  description = "Which worker's service account runs the Pub/Sub trigger (--subscription)."
  type        = string
  default     = "workflows"
  validation {
    condition     = contains(["workflows", "build", "deploy", "verify"], var.trigger_role)
    error_message = "trigger_role must be one of workflows, build, deploy, verify."
  }
}
