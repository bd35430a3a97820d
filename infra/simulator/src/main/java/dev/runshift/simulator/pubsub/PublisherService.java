package dev.runshift.simulator.pubsub;

import com.google.protobuf.Empty;
import com.google.pubsub.v1.DeleteTopicRequest;
import com.google.pubsub.v1.GetTopicRequest;
import com.google.pubsub.v1.ListTopicSubscriptionsRequest;
import com.google.pubsub.v1.ListTopicSubscriptionsResponse;
import com.google.pubsub.v1.ListTopicsRequest;
import com.google.pubsub.v1.ListTopicsResponse;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Topic;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** {@code google.pubsub.v1.Publisher}: topics and publishing. */
final class PublisherService extends PublisherGrpc.PublisherImplBase {
  private final MessageBus bus;

  PublisherService(MessageBus bus) {
    this.bus = bus;
  }

  @Override
  public void createTopic(Topic request, StreamObserver<Topic> out) {
    Rpc.unary(out, () -> bus.createTopic(request));
  }

  @Override
  public void getTopic(GetTopicRequest request, StreamObserver<Topic> out) {
    Rpc.unary(out, () -> bus.getTopic(request.getTopic(), "topic"));
  }

  @Override
  public void deleteTopic(DeleteTopicRequest request, StreamObserver<Empty> out) {
    Rpc.unary(out, () -> {
      bus.deleteTopic(request.getTopic(), "topic");
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void listTopics(ListTopicsRequest request, StreamObserver<ListTopicsResponse> out) {
    Rpc.unary(out, () -> {
      String project = PubSubNames.project(request.getProject(), "project");
      Page<Topic> page = Page.of(bus.topics(project), request.getPageSize(), request.getPageToken());
      return ListTopicsResponse.newBuilder()
          .addAllTopics(page.items())
          .setNextPageToken(page.nextToken())
          .build();
    });
  }

  @Override
  public void listTopicSubscriptions(
      ListTopicSubscriptionsRequest request, StreamObserver<ListTopicSubscriptionsResponse> out) {
    Rpc.unary(out, () -> {
      Page<String> page = Page.of(
          bus.topicSubscriptions(request.getTopic(), "topic"), request.getPageSize(), request.getPageToken());
      return ListTopicSubscriptionsResponse.newBuilder()
          .addAllSubscriptions(page.items())
          .setNextPageToken(page.nextToken())
          .build();
    });
  }

  @Override
  public void publish(PublishRequest request, StreamObserver<PublishResponse> out) {
    Rpc.unary(out, () -> {
      PubSubNames.topic(request.getTopic(), "topic");
      validate(request.getMessagesList());
      List<String> ids = bus.publish(request.getTopic(), request.getMessagesList(), "topic");
      return PublishResponse.newBuilder().addAllMessageIds(ids).build();
    });
  }

  /** Pub/Sub's rules for publishable messages (message_id and publish_time are overwritten). */
  static void validate(List<PubsubMessage> messages) {
    if (messages.isEmpty()) {
      throw Rpc.invalidArgument("messages", "at least one message is required");
    }
    for (int i = 0; i < messages.size(); i++) {
      PubsubMessage m = messages.get(i);
      if (m.getData().isEmpty() && m.getAttributesCount() == 0) {
        throw Rpc.invalidArgument("messages[" + i + "]",
            "a message must contain either non-empty data, or at least one attribute");
      }
      for (String key : m.getAttributesMap().keySet()) {
        if (key.isEmpty()) {
          throw Rpc.invalidArgument("messages[" + i + "].attributes", "attribute keys must not be empty");
        }
      }
    }
  }
}
