package io.contactsplatform.importservice;

import io.contactsplatform.testsupport.LimitsDoc;
import org.junit.jupiter.api.Test;

/** docs/limits.md states this service's limits as its code has them. */
class LimitsDocTest {

  @Test
  void shouldStateTheLimitsAsTheCodeHasThem() {
    LimitsDoc.assertMatches("io.contactsplatform.importservice.importjob.ImportController", "io.contactsplatform.importservice.importjob.RowConverter");
  }
}
