package io.contactsplatform.dncservice;

import io.contactsplatform.testsupport.LimitsDoc;
import org.junit.jupiter.api.Test;

/** docs/limits.md states this service's limits as its code has them. */
class LimitsDocTest {

  @Test
  void shouldStateTheLimitsAsTheCodeHasThem() {
    LimitsDoc.assertMatches("io.contactsplatform.dncservice.dnc.DncQueries", "io.contactsplatform.dncservice.dnc.EntrySpec");
  }
}
