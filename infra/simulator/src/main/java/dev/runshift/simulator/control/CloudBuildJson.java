package dev.runshift.simulator.control;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A compact JSON view of a simulated Cloud Build build for the control API. */
final class CloudBuildJson {
  private CloudBuildJson() {}

  static Map<String, Object> build(Build b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.getId());
    m.put("status", b.getStatus().name());
    m.put("images", b.getImagesList());
    m.put("tags", b.getTagsList());
    List<String> built = new ArrayList<>();
    for (BuiltImage i : b.getResults().getImagesList()) {
      String name = i.getName();
      int colon = name.lastIndexOf(':');
      String repository = colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
      built.add(repository + "@" + i.getDigest());
    }
    m.put("built", built);
    return m;
  }
}
