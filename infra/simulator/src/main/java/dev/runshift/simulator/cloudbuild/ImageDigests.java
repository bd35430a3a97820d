package dev.runshift.simulator.cloudbuild;

import com.google.cloudbuild.v1.Build;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Digests of built images: {@code sha256:} and 64 hex digits derived from the simulator seed, the image
 * name and the build's content (steps, source, images, substitutions — not its id, tags or time). The same
 * build of the same content yields the same digest, as a reproducible build would; any change yields
 * another.
 */
final class ImageDigests {
  private ImageDigests() {}

  static String digest(long seed, String image, Build build) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    sha.update(Long.toString(seed).getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(image.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(content(build));
    Map<String, String> substitutions = new TreeMap<>(build.getSubstitutionsMap());
    substitutions.forEach((k, v) -> sha.update((k + "=" + v + "\0").getBytes(StandardCharsets.UTF_8)));
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static byte[] content(Build build) {
    Build content = Build.newBuilder()
        .addAllSteps(build.getStepsList())
        .setSource(build.getSource())
        .addAllImages(build.getImagesList())
        .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      content.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
