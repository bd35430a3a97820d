output "workers" {
  description = "The worker services, by role."
  value       = { for role, s in google_cloud_run_v2_service.worker : role => s.name }
}

output "service_accounts" {
  description = "The service account each worker runs as."
  value       = module.runshift.service_accounts
}

output "subscription" {
  description = "The subscription the workflows worker's trigger reads."
  value       = module.runshift.subscription
}
