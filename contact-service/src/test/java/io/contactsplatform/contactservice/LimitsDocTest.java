package io.contactsplatform.contactservice;

import io.contactsplatform.testsupport.LimitsDoc;
import org.junit.jupiter.api.Test;

/** docs/limits.md states this service's limits as its code has them. */
class LimitsDocTest {

  @Test
  void shouldStateTheLimitsAsTheCodeHasThem() {
    LimitsDoc.assertMatches("io.contactsplatform.contactservice.search.ContactSearch", "io.contactsplatform.contactservice.search.ContactFilter", "io.contactsplatform.contactservice.bulk.BulkActions", "io.contactsplatform.contactservice.segment.Segments");
  }
}
