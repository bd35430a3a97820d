output "service_accounts" {
  description = "The service account to run each worker role as."
  value       = { for role, sa in google_service_account.worker : role => sa.email }
}

output "subscription" {
  description = "Pass to `runshift worker --subscription`."
  value       = google_pubsub_subscription.runshift_builds.id
}

output "events_topic" {
  description = "The release events topic (projects/P/topics/T), or null."
  value       = var.events_topic == null ? null : google_pubsub_topic.events[0].id
}
