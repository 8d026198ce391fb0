package io.contactsplatform.dncservice.imports;

import io.contactsplatform.dncservice.dnc.DncNumber;
import io.contactsplatform.dncservice.dnc.DncNumber.Change;
import io.contactsplatform.dncservice.dnc.DncRuleViolation;
import io.contactsplatform.dncservice.dnc.EntrySpec;
import io.contactsplatform.dncservice.dnc.Removal;
import io.contactsplatform.dncservice.imports.ImportSettings.Action;
import io.contactsplatform.support.ids.TimeOrderedIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The rule for one number in one batch: its rows' operations applied in file order to the number's
 * state (ADD finds the identical active entry or adds one; DELETE removes the active entries of the
 * import's scope and source). Evaluated once per attempt; {@link #results()} holds the outcome of
 * each row from the last evaluation.
 */
final class PhoneRule implements BiFunction<DncNumber, Instant, Change> {

  /** What became of one row. */
  enum Result { ADDED, ALREADY_ACTIVE, REMOVED, NOT_FOUND, REJECTED }

  /** One row's outcome; {@code problem} set when REJECTED. */
  record RowResult(RowReader.Op op, Result result, String problem) {
  }

  private final ImportSettings settings;
  private final String defaultReason;
  private final Removal removal;
  private final List<RowReader.Op> ops;
  private volatile List<RowResult> results = List.of();

  PhoneRule(ImportSettings settings, String defaultReason, Removal removal, List<RowReader.Op> ops) {
    this.settings = settings;
    this.defaultReason = defaultReason;
    this.removal = removal;
    this.ops = List.copyOf(ops);
  }

  List<RowResult> results() {
    return results;
  }

  @Override
  public Change apply(DncNumber number, Instant now) {
    List<RowResult> out = new ArrayList<>();
    Change acc = new Change(number, List.of(), Change.Kind.UNCHANGED);
    for (RowReader.Op op : ops) {
      try {
        Change step;
        Result result;
        if (op.action() == Action.ADD) {
          EntrySpec spec = EntrySpec.of(settings.scope(), settings.campaignId(), settings.source(),
              op.reason() != null ? op.reason() : defaultReason, settings.actor(),
              op.expiresAt() != null ? op.expiresAt() : settings.expiresAt(), now);
          step = acc.number().add(spec, TimeOrderedIds.next(), null, now);
          result = step.changed() ? Result.ADDED : Result.ALREADY_ACTIVE;
        } else {
          Removal why = op.reason() == null ? removal
              : new Removal(removal.actor(), op.reason(), removal.override(), removal.authority());
          step = acc.number().removeActive(
              e -> e.sameTarget(settings.scope(), settings.campaignId(), settings.source()), why, null, now);
          result = step.changed() ? Result.REMOVED : Result.NOT_FOUND;
        }
        acc = acc.then(step);
        out.add(new RowResult(op, result, null));
      } catch (DncRuleViolation e) {
        out.add(new RowResult(op, Result.REJECTED, e.getMessage()));
      }
    }
    results = out;
    return acc;
  }
}
