package dev.runshift.trigger;

import java.util.Optional;

/**
 * Checks a notification's claim against Cloud Build before anything is released: empty when Cloud Build
 * backs it, otherwise why not. Throws when it cannot tell (Cloud Build unreachable), so the notification
 * is redelivered and checked again.
 */
@FunctionalInterface
public interface BuildConfirmer {
  Optional<String> refusal(Notification.Routes claim);
}
