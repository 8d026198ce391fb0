package io.contactsplatform.support.web;

import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.upload.Uploads;
import io.contactsplatform.testsupport.LimitsDoc;
import org.junit.jupiter.api.Test;

/** docs/limits.md states the shared limits as the code has them, and documents every contact limit. */
class LimitsDocTest {

  @Test
  void shouldStateTheSharedLimitsAsTheCodeHasThem() {
    LimitsDoc.assertMatches(ContactLimits.class.getName(), CursorPage.class.getName(), Uploads.class.getName());
    LimitsDoc.assertEveryConstantDocumented(ContactLimits.class);
    LimitsDoc.assertEveryConstantDocumented(Uploads.class);
  }
}
