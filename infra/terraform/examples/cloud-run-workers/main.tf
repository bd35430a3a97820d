# An example root: Runshift's project setup (the runshift module) plus the workers that run it, one
# Cloud Run service per role, each under its own service account. Cloud Run runs them as always-on
# workers: CPU always allocated, exactly one instance, no public ingress. The Temporal API key and the
# routing config come from Secret Manager.
#
#   terraform init
#   terraform apply -var project=my-project -var image=us-docker.pkg.dev/my-project/runshift/worker:v1 \
#     -var temporal_address=my-ns.a1b2c.tmprl.cloud:7233 -var temporal_namespace=my-ns.a1b2c \
#     -var 'routed_services=[{region="us-central1",name="hello"}]'
#
# Before apply: build the image (infra/cloudbuild/worker.yaml), and add a version to the two secrets
# this creates or names (runshift-temporal-api-key, runshift-routes), as the README says.

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

module "runshift" {
  source                   = "../../modules/runshift"
  project                  = var.project
  routed_services          = var.routed_services
  runtime_service_accounts = var.runtime_service_accounts
  events_topic             = var.events_topic
}

resource "google_project_service" "secretmanager" {
  service            = "secretmanager.googleapis.com"
  disable_on_destroy = false
}

# The secrets' values are added outside Terraform (gcloud secrets versions add), so they never sit in
# its state.
resource "google_secret_manager_secret" "temporal_api_key" {
  secret_id = "runshift-temporal-api-key"
  replication {
    auto {}
  }
  depends_on = [google_project_service.secretmanager]
}

resource "google_secret_manager_secret" "routes" {
  secret_id = "runshift-routes"
  replication {
    auto {}
  }
  depends_on = [google_project_service.secretmanager]
}

locals {
  # What each worker polls and whether it reads the routing config (the trigger's routes, the notifiers).
  workers = {
    workflows = { args = ["--roles", "workflows", "--subscription", module.runshift.subscription, "--config", "/etc/runshift/routes.yaml", "--search-attributes"], routes = true }
    build     = { args = ["--roles", "build"], routes = false }
    deploy    = { args = ["--roles", "deploy"], routes = false }
    verify    = { args = ["--roles", "verify"], routes = false }
    notify    = { args = ["--roles", "notify", "--config", "/etc/runshift/routes.yaml"], routes = true }
  }
}

resource "google_secret_manager_secret_iam_member" "api_key" {
  for_each  = local.workers
  secret_id = google_secret_manager_secret.temporal_api_key.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${module.runshift.service_accounts[each.key]}"
}

resource "google_secret_manager_secret_iam_member" "routes" {
  for_each  = { for role, w in local.workers : role => w if w.routes }
  secret_id = google_secret_manager_secret.routes.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${module.runshift.service_accounts[each.key]}"
}

resource "google_cloud_run_v2_service" "worker" {
  for_each = local.workers
  name     = "runshift-${each.key}"
  location = var.region
  ingress  = "INGRESS_TRAFFIC_INTERNAL_ONLY"

  template {
    service_account = module.runshift.service_accounts[each.key]
    scaling {
      # A worker polls Temporal: one instance, always there, never scaled by requests.
      min_instance_count = 1
      max_instance_count = 1
    }

    containers {
      image = var.image
      args  = concat(["worker", "--metrics-port", "8080"], each.value.args)
      ports {
        container_port = 8080
      }
      resources {
        # CPU always allocated: the worker polls and runs timers between requests (it gets none).
        cpu_idle = false
        limits = {
          cpu    = "1"
          memory = "1Gi"
        }
      }
      env {
        name  = "TEMPORAL_ADDRESS"
        value = var.temporal_address
      }
      env {
        name  = "TEMPORAL_NAMESPACE"
        value = var.temporal_namespace
      }
      env {
        name = "TEMPORAL_API_KEY"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.temporal_api_key.secret_id
            version = "latest"
          }
        }
      }
      env {
        name  = "RUNSHIFT_LOG_FORMAT"
        value = "json"
      }
      startup_probe {
        http_get {
          path = "/healthz"
          port = 8080
        }
        period_seconds    = 5
        failure_threshold = 24
      }
      liveness_probe {
        http_get {
          path = "/healthz"
          port = 8080
        }
        period_seconds    = 30
        failure_threshold = 3
      }
      dynamic "volume_mounts" {
        for_each = each.value.routes ? [1] : []
        content {
          name       = "routes"
          mount_path = "/etc/runshift"
        }
      }
    }

    dynamic "volumes" {
      for_each = each.value.routes ? [1] : []
      content {
        name = "routes"
        secret {
          secret = google_secret_manager_secret.routes.secret_id
          items {
            version = "latest"
            path    = "routes.yaml"
          }
        }
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.api_key, google_secret_manager_secret_iam_member.routes]
}
