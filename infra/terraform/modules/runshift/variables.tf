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
    condition     = contains(["workflows", "build", "deploy", "verify", "notify"], var.trigger_role)
    error_message = "trigger_role must be one of workflows, build, deploy, verify, notify."
  }
}

variable "routed_services" {
  description = "The Cloud Run services Runshift releases to (region and name each): the deploy worker gets roles/run.developer on these only."
  type = list(object({
    region = string
    name   = string
  }))
  default = []
}

variable "deploy_project_wide" {
  description = "Grant the deploy worker roles/run.developer on the whole project instead of on routed_services only (fleets that select services by label)."
  type        = bool
  default     = false
}

variable "events_topic" {
  description = "Name of a Pub/Sub topic for release events (the notify worker publishes to it), or null for none."
  type        = string
  default     = null
}
