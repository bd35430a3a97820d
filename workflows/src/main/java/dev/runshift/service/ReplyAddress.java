package dev.runshift.service;

/** Where to send a {@link FleetReply}: the requester's workflow id and its request key. */
public record ReplyAddress(String workflowId, String requestKey) {}
