package io.contactsplatform.importservice.importjob;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * Email syntax as commons-validator checks it with {@code EmailValidator.getInstance(false, true)}
 * (no local-only domains, a bare TLD allowed), remembering the domain part's answer for the first
 * 10,000 distinct domains: a file's addresses share a few domains, and the domain check (label
 * rules, IDN, TLD list) is the larger part of the work. Same answers as the library; thread-safe.
 */
final class EmailAddresses extends EmailValidator {

  private static final long serialVersionUID = 1L;
  private static final int MAX_CACHED = 10_000;
  private static final EmailAddresses INSTANCE = new EmailAddresses();

  private final Map<String, Boolean> domains = new ConcurrentHashMap<>();

  private EmailAddresses() {
    super(false, true);
  }

  static boolean isValidAddress(String email) {
    return INSTANCE.isValid(email);
  }

  @Override
  protected boolean isValidDomain(String domain) {
    if (domain == null) {
      return super.isValidDomain(null);
    }
    Boolean valid = domains.get(domain);
    if (valid == null) {
      valid = super.isValidDomain(domain);
      if (domains.size() < MAX_CACHED) {
        domains.put(domain, valid);
      }
    }
    return valid;
  }
}
