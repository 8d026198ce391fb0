package io.contactsplatform.resolver.resolution;

/**
 * Where a call-start was read: its partition and offset, and whether it may be a redelivery
 * (see {@link CallStartPositions}).
 */
record CallStartDelivery(String topic, int partition, long offset, boolean mayBeRedelivered) {
}
