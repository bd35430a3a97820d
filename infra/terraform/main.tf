# What Runshift needs in a Google Cloud project: one service account per worker role, each with only
# the rights that role uses, and the Pub/Sub subscription the trigger reads Cloud Build notifications from.
#
#   terraform init && terraform apply -var project=my-project
#
# Then run one worker per role under its service account, e.g.
#   runshift worker --roles deploy             (as runshift-deploy@…)
#   runshift worker --roles workflows --subscription projects/my-project/subscriptions/runshift-builds --config routes.yaml

terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 5.0"
    }
  }
}

provider "google" {
  project = var.project
}

locals {
  roles = toset(["workflows", "build", "deploy", "verify"])
}

resource "google_project_service" "apis" {
  for_each           = toset(["run.googleapis.com", "cloudbuild.googleapis.com", "monitoring.googleapis.com", "pubsub.googleapis.com", "artifactregistry.googleapis.com"])
  service            = each.value
  disable_on_destroy = false
}

resource "google_service_account" "worker" {
  for_each     = local.roles
  account_id   = "runshift-${each.key}"
  display_name = "Runshift ${each.key} worker"
}

# build: starts builds and artifact-test builds; Cloud Build's own service account pushes images.
resource "google_project_iam_member" "build" {
  project = var.project
  role    = "roles/cloudbuild.builds.editor"
  member  = "serviceAccount:${google_service_account.worker["build"].email}"
}

# deploy: creates revisions and moves traffic; never builds.
resource "google_project_iam_member" "deploy" {
  project = var.project
  role    = "roles/run.developer"
  member  = "serviceAccount:${google_service_account.worker["deploy"].email}"
}

# deploy resolves a fleet's image tag to a digest (Artifact Registry GetTag) before deploying it.
resource "google_project_iam_member" "deploy_reads_tags" {
  project = var.project
  role    = "roles/artifactregistry.reader"
  member  = "serviceAccount:${google_service_account.worker["deploy"].email}"
}

# deploy must be able to act as each service's runtime identity to create revisions that run as it.
resource "google_service_account_iam_member" "deploy_acts_as_runtime" {
  for_each           = toset(var.runtime_service_accounts)
  service_account_id = "projects/${var.project}/serviceAccounts/${each.value}"
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.worker["deploy"].email}"
}

# verify: reads request metrics only.
resource "google_project_iam_member" "verify" {
  project = var.project
  role    = "roles/monitoring.viewer"
  member  = "serviceAccount:${google_service_account.worker["verify"].email}"
}

# Cloud Build publishes every build's status changes here once the topic exists.
resource "google_pubsub_topic" "cloud_builds" {
  name       = "cloud-builds"
  depends_on = [google_project_service.apis]
}

# A nacked message (Temporal unreachable) comes back with backoff, and is kept for 7 days: nothing is
# lost while Temporal is down, and nothing is retried in a tight loop.
resource "google_pubsub_subscription" "runshift_builds" {
  name                       = var.subscription
  topic                      = google_pubsub_topic.cloud_builds.id
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }
}

resource "google_pubsub_subscription_iam_member" "trigger" {
  subscription = google_pubsub_subscription.runshift_builds.name
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${google_service_account.worker[var.trigger_role].email}"
}

# The trigger confirms every notification with Cloud Build (GetBuild) before releasing anything: a
# message on cloud-builds is only a claim. Read-only.
resource "google_project_iam_member" "trigger_reads_builds" {
  project = var.project
  role    = "roles/cloudbuild.builds.viewer"
  member  = "serviceAccount:${google_service_account.worker[var.trigger_role].email}"
}
