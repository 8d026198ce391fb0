package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvRows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.validator.routines.EmailValidator;
import org.junit.jupiter.api.Test;

class EmailAddressesTest {

  private static final EmailValidator LIBRARY = EmailValidator.getInstance(false, true);

  private static final List<String> ADDRESSES = List.of(
      "ada@example.com", "ada.lovelace+tag@example.com", "ADA@EXAMPLE.COM", "ada@Example.Com", "a@b.co",
      "grace@mail.navy.mil", "alan@cs.man.ac.uk", "x@xn--bcher-kva.ch", "x@bücher.ch", "j@例え.テスト",
      "m@münchen.de",
      "ada@com", "ada@museum", "ada@localhost", "ada@localdomain", "ada@example", "ada@example.invalidtld",
      "ada@example.c", "ada@-example.com", "ada@example-.com", "ada@exa_mple.com", "ada@exa mple.com",
      "ada@example..com", "ada@.example.com", "ada@example.com.", "ada@[192.168.0.1]", "ada@[999.1.1.1]",
      "ada@[::1]", "ada@[IPv6:2001:db8::1]", "ada@192.168.0.1", "\"ada lovelace\"@example.com",
      "\"ada@home\"@example.com",
      "ada..lovelace@example.com", ".ada@example.com", "ada.@example.com", "ada lovelace@example.com",
      "a".repeat(64) + "@example.com", "a".repeat(65) + "@example.com", "ada@" + "a".repeat(63) + ".com",
      "ada@" + "a".repeat(64) + ".com", "ada@@example.com", "ada@example@com", "@example.com", "ada@", "ada", "",
      " ada@example.com", "ada@example.com ", "o'brien@example.ie", "#!$%&'*+-/=?^_`{}|~@example.org",
      "ada(comment)@example.com", "ada\\@x@example.com", "ada@example.com\n", "ada@sub.example.co.jp",
      "1234567890@123.com", "ada@123.456", "ada@example.web", "ada@example.xn--p1ai", "ada@EXAMPLE.ONION",
      "zunigavanessa@smith.info", "vmata@colon.com");

  @Test
  void shouldAnswerAsCommonsValidatorForEveryAddressAlsoWhenItsDomainWasSeenBefore() throws Exception {
    List<String> addresses = new ArrayList<>(ADDRESSES);
    addresses.addAll(fixtureEmails());
    for (int round = 0; round < 2; round++) {
      for (String address : addresses) {
        assertThat(EmailAddresses.isValidAddress(address)).as(address).isEqualTo(LIBRARY.isValid(address));
      }
    }
    assertThat(addresses.stream().filter(LIBRARY::isValid).count()).isBetween(20L, (long) addresses.size() - 20);
  }

  @Test
  void shouldJudgeEachAddressByItsOwnUserPartWhenTheDomainIsRemembered() {
    assertThat(EmailAddresses.isValidAddress("first@shared-domain.org")).isTrue();
    assertThat(EmailAddresses.isValidAddress("not valid@shared-domain.org")).isFalse();
    assertThat(EmailAddresses.isValidAddress("second@shared-domain.org")).isTrue();
    assertThat(EmailAddresses.isValidAddress("first@shared-domain.invalidtld")).isFalse();
    assertThat(EmailAddresses.isValidAddress("second@shared-domain.invalidtld")).isFalse();
    assertThat(EmailAddresses.isValidAddress(null)).isFalse();
  }

  private static List<String> fixtureEmails() throws Exception {
    List<String> emails = new ArrayList<>();
    Path file = Path.of(EmailAddressesTest.class.getResource("/customers-100.csv").toURI());
    try (CsvRows rows = CsvRows.open(file)) {
      int email = rows.header().indexOf("Email");
      while (rows.hasNext()) {
        emails.add(rows.next().fields().get(email));
      }
    }
    assertThat(emails).hasSize(100);
    return emails;
  }
}
