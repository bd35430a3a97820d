# The runshift module: what Runshift needs in a Google Cloud project, and nothing that runs it. One
# service account per worker role, each with only the rights that role uses; the Pub/Sub subscription the
# trigger reads Cloud Build notifications from; and, when asked, the topic release events are published
# to. The workers themselves are deployed by a root module, e.g. ../../examples/cloud-run-workers.

terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 5.0"
    }
  }
}

locals {
  roles = toset(["workflows", "build", "deploy", "verify", "notify"])
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

# build: creates builds (the release's image build and artifact tests) and reads them while they run.
# A custom role instead of roles/cloudbuild.builds.editor, which also updates (cancels, retries) any
# build of the project. Builds can't be scoped further: they are not IAM resources. Whoever can create
# a build runs steps as Cloud Build's service account, so that account's rights are what this grant
# reaches; Cloud Build's own service account pushes the image and reads the source.
resource "google_project_iam_custom_role" "builder" {
  project     = var.project
  role_id     = "runshiftBuilder"
  title       = "Runshift builder"
  description = "Create Cloud Build builds and read them; no update, cancel or delete."
  permissions = ["cloudbuild.builds.create", "cloudbuild.builds.get", "cloudbuild.builds.list"]
}

resource "google_project_iam_member" "build" {
  project = var.project
  role    = google_project_iam_custom_role.builder.name
  member  = "serviceAccount:${google_service_account.worker["build"].email}"
}

# deploy reads project-wide, writes per service. Listing services (a fleet's selection) and following
# the long-running operation of an update are project-level permissions; reading a service or a
# revision gives its configuration (image, env names, traffic), never the traffic itself.
resource "google_project_iam_custom_role" "deploy_reader" {
  project     = var.project
  role_id     = "runshiftDeployReader"
  title       = "Runshift deploy reader"
  description = "List and read Cloud Run services and revisions and follow their operations; no writes."
  permissions = [
    "run.services.list",
    "run.services.get",
    "run.revisions.list",
    "run.revisions.get",
    "run.operations.get",
  ]
}

resource "google_project_iam_member" "deploy_reads" {
  project = var.project
  role    = google_project_iam_custom_role.deploy_reader.name
  member  = "serviceAccount:${google_service_account.worker["deploy"].email}"
}

# deploy writes only the routed services: roles/run.developer on each one (create revisions, move
# traffic, read; not delete the service, not change who may invoke it). A service not listed here
# fails its release with PERMISSION_DENIED, and the release waits for an operator.
resource "google_cloud_run_v2_service_iam_member" "deploy" {
  for_each = { for s in var.routed_services : "${s.region}/${s.name}" => s }
  project  = var.project
  location = each.value.region
  name     = each.value.name
  role     = "roles/run.developer"
  member   = "serviceAccount:${google_service_account.worker["deploy"].email}"
}

# Only when asked (deploy_project_wide = true): roles/run.developer on every Cloud Run service of the
# project, present and future, for fleets that select by label across services not listed above.
resource "google_project_iam_member" "deploy_project_wide" {
  count   = var.deploy_project_wide ? 1 : 0
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

# verify may call the routed services: smoke checks with idToken: true send its ID token to the
# candidate's tag URL of services that require authentication. Invoking only; nothing else.
resource "google_cloud_run_v2_service_iam_member" "verify_invokes" {
  for_each = { for s in var.routed_services : "${s.region}/${s.name}" => s }
  project  = var.project
  location = each.value.region
  name     = each.value.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.worker["verify"].email}"
}

# Cloud Build publishes every build's status changes here once the topic exists, as its service agent
# (service-PROJECT_NUMBER@gcp-sa-cloudbuild.iam.gserviceaccount.com). No one is granted publish on the
# topic here, but every principal with pubsub.topics.publish on the project (roles/owner, roles/editor,
# roles/pubsub.publisher, roles/pubsub.editor, roles/pubsub.admin) can publish to it too: keep that set
# small, since a message on this topic asks Runshift for a release.
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

# The trigger confirms each notification with Cloud Build (GetBuild) before it asks for a release: a
# message alone, which anyone with publish rights could forge, never ships a digest.
resource "google_project_iam_custom_role" "build_reader" {
  project     = var.project
  role_id     = "runshiftBuildReader"
  title       = "Runshift build reader"
  description = "Read Cloud Build builds, to confirm a notification's status and images."
  permissions = ["cloudbuild.builds.get"]
}

resource "google_project_iam_member" "trigger_reads_builds" {
  project = var.project
  role    = google_project_iam_custom_role.build_reader.name
  member  = "serviceAccount:${google_service_account.worker[var.trigger_role].email}"
}

# Release events (CloudEvents JSON, ordered per service) for whoever subscribes: only the notify worker
# may publish; subscribers are yours to add.
resource "google_pubsub_topic" "events" {
  count      = var.events_topic == null ? 0 : 1
  name       = var.events_topic
  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic_iam_member" "notify_publishes" {
  count  = var.events_topic == null ? 0 : 1
  topic  = google_pubsub_topic.events[0].name
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${google_service_account.worker["notify"].email}"
}
