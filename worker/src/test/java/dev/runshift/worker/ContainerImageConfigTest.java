package dev.runshift.worker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The worker image's Jib configuration (worker/pom.xml), checked where CI can check it: base images cannot
 * be pulled here, so {@code jib:build} itself runs only on Cloud Build ({@code infra/cloudbuild/worker.yaml}).
 */
class ContainerImageConfigTest {
  private static Element jib;

  @BeforeAll
  static void readPom() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
        jib = plugin;
      }
    }
    assertNotNull(jib, "worker/pom.xml configures no jib-maven-plugin");
  }

  @Test
  void theWorkerIsTheOnlyModuleBuiltIntoAnImage() {
    // the parent skips Jib for every module (so `-pl worker -am jib:build` pushes one image); the worker opts in
    assertEquals("false", text(child(jib, "configuration"), "skip"));
  }

  @Test
  void baseIsAJreImage() {
    String from = text(child(jib, "configuration", "from"), "image");
    assertTrue(from.matches("eclipse-temurin:17(\\.[0-9.]+)?(_[0-9]+)?-jre.*"), "base image " + from);
  }

  @Test
  void runsTheProductionWorkerAsANonRootUser() {
    Element container = child(jib, "configuration", "container");
    String main = text(container, "mainClass");
    assertEquals("dev.runshift.cli.Runshift", main);
    assertDoesNotThrow(() -> Class.forName(main), "the entrypoint class exists");
    assertEquals(List.of("worker", "--metrics-port", "9464"), texts(child(container, "args"), "arg"));
    String user = text(container, "user");
    assertNotNull(user, "no user: the image would run as root");
    assertFalse(user.equals("root") || user.startsWith("0:") || user.equals("0"), "runs as root: " + user);
  }

  @Test
  void sizesTheHeapFromTheContainerLimit() {
    List<String> flags = texts(child(jib, "configuration", "container", "jvmFlags"), "jvmFlag");
    assertTrue(flags.stream().anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage=")), String.valueOf(flags));
    assertTrue(flags.contains("-XX:+ExitOnOutOfMemoryError"), String.valueOf(flags));
  }

  private static Element child(Element parent, String... path) {
    Element at = parent;
    for (String name : path) {
      Element next = null;
      for (Node n = at.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals(name)) {
          next = e;
        }
      }
      assertNotNull(next, "no <" + name + "> under <" + at.getTagName() + ">");
      at = next;
    }
    return at;
  }

  private static String text(Element parent, String name) {
    List<String> all = texts(parent, name);
    return all.isEmpty() ? null : all.get(0);
  }

  private static List<String> texts(Element parent, String name) {
    List<String> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e.getTextContent().trim());
      }
    }
    return out;
  }
}
