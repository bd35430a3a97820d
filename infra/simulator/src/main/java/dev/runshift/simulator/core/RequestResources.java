package dev.runshift.simulator.core;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;

/**
 * Finds the resource a request names, by protobuf reflection: the first non-empty string field among
 * {@code name, parent, resource, topic, subscription, project_id}, else the {@code name} of the first
 * message field that has one (e.g. {@code service.name} of an UpdateServiceRequest, {@code name} of a
 * Topic). Empty when the request names nothing.
 */
public final class RequestResources {
  private static final List<String> DIRECT =
      List.of("name", "parent", "resource", "topic", "subscription", "project_id");

  private RequestResources() {}

  public static String of(Object request) {
    if (!(request instanceof Message message)) {
      return "";
    }
    String direct = directField(message);
    if (!direct.isEmpty()) {
      return direct;
    }
    for (FieldDescriptor f : message.getDescriptorForType().getFields()) {
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated() && message.hasField(f)) {
        String nested = directField((Message) message.getField(f));
        if (!nested.isEmpty()) {
          return nested;
        }
      }
    }
    return "";
  }

  private static String directField(Message message) {
    for (String name : DIRECT) {
      FieldDescriptor f = message.getDescriptorForType().findFieldByName(name);
      if (f != null && f.getJavaType() == FieldDescriptor.JavaType.STRING && !f.isRepeated()) {
        String value = (String) message.getField(f);
        if (!value.isEmpty()) {
          return value;
        }
      }
    }
    return "";
  }
}
