output "service_accounts" {
  description = "The service account to run each worker role as."
  value       = { for role, sa in google_service_account.worker : role => sa.email }
}

output "subscription" {
  description = "Pass to `runshift worker --subscription`."
  value       = google_pubsub_subscription.runshift_builds.id
}
