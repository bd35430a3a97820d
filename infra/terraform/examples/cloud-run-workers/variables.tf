variable "project" {
  description = "The Google Cloud project Runshift runs in and releases to."
  type        = string
}

variable "region" {
  description = "Where the worker services run."
  type        = string
  default     = "us-central1"
}

variable "image" {
  description = "The worker image (infra/cloudbuild/worker.yaml builds it), e.g. us-docker.pkg.dev/P/runshift/worker:v1."
  type        = string
}

variable "temporal_address" {
  description = "Temporal's frontend, HOST:PORT (e.g. my-ns.a1b2c.tmprl.cloud:7233)."
  type        = string
}

variable "temporal_namespace" {
  description = "The Temporal namespace."
  type        = string
}

variable "routed_services" {
  description = "The Cloud Run services Runshift releases to (region and name each)."
  type = list(object({
    region = string
    name   = string
  }))
  default = []
}

variable "runtime_service_accounts" {
  description = "Emails of the runtime service accounts of the routed services."
  type        = list(string)
  default     = []
}

variable "events_topic" {
  description = "A Pub/Sub topic for release events, or null for none."
  type        = string
  default     = "runshift-events"
}
