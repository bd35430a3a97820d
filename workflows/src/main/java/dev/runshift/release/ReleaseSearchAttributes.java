package dev.runshift.release;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Custom search attributes of release workflows, for finding releases by service, image and phase in the
 * Temporal UI (for example {@code RunshiftService = "p/r/checkout" AND RunshiftPhase = "AWAITING_OPERATOR"}).
 * They must be registered on the namespace ({@link #definitions()}); the workflow only upserts them when
 * its starter set them at start (proof that they are registered), because upserting an unregistered
 * attribute would fail the workflow task.
 */
public final class ReleaseSearchAttributes {
  /** {@code project/region/service}. */
  public static final SearchAttributeKey<String> SERVICE = SearchAttributeKey.forKeyword("RunshiftService");
  /** The release's {@link Phase}, kept current by the workflow. */
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("RunshiftPhase");
  /** The candidate's traffic percent, kept current by the workflow. */
  public static final SearchAttributeKey<Long> CANDIDATE_PERCENT =
      SearchAttributeKey.forLong("RunshiftCandidatePercent");
  /** The released image ({@code repository@sha256:…}); set once built for a release from source. */
  public static final SearchAttributeKey<String> IMAGE = SearchAttributeKey.forKeyword("RunshiftImage");

  private ReleaseSearchAttributes() {}

  /** Every attribute by name with its type, as a namespace registers them. */
  public static Map<String, IndexedValueType> definitions() {
    Map<String, IndexedValueType> all = new LinkedHashMap<>();
    all.put(SERVICE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    all.put(PHASE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    all.put(CANDIDATE_PERCENT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_INT);
    all.put(IMAGE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    return all;
  }

  /** The attributes a starter sets for {@code request}: the image only when it is already known. */
  public static SearchAttributes initial(ReleaseRequest request) {
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder()
        .set(SERVICE, request.service().toString())
        .set(PHASE, Phase.PENDING.name())
        .set(CANDIDATE_PERCENT, 0L);
    if (request.image() != null) {
      attributes.set(IMAGE, request.image());
    }
    return attributes.build();
  }
}
