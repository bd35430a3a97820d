package dev.runshift.release;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;

/**
 * Custom search attributes of release workflows, for finding releases by service and phase in the
 * Temporal UI. They must be registered on the namespace; the workflow only upserts them when the starter
 * set them at start (proof that they are registered), because upserting an unregistered attribute would
 * fail the workflow task.
 */
public final class ReleaseSearchAttributes {
  /** {@code project/region/service}. */
  public static final SearchAttributeKey<String> SERVICE = SearchAttributeKey.forKeyword("RunshiftService");
  /** The release's {@link Phase}, kept current by the workflow. */
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("RunshiftPhase");
  /** The candidate's traffic percent, kept current by the workflow. */
  public static final SearchAttributeKey<Long> CANDIDATE_PERCENT =
      SearchAttributeKey.forLong("RunshiftCandidatePercent");

  private ReleaseSearchAttributes() {}

  /** The attributes a starter sets for {@code request}. */
  public static SearchAttributes initial(ReleaseRequest request) {
    return SearchAttributes.newBuilder()
        .set(SERVICE, request.service().toString())
        .set(PHASE, Phase.PENDING.name())
        .set(CANDIDATE_PERCENT, 0L)
        .build();
  }
}
