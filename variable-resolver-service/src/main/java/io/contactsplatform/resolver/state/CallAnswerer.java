package io.contactsplatform.resolver.state;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;

/**
 * What the topology asks of the resolution rules for one call-start, given the state of its
 * number read from the task's own stores (implemented by the resolution feature).
 */
public interface CallAnswerer {

  /** The answer to a call-start that has none yet. Never throws for bad state: BLOCKED_* instead. */
  AgentVariables answer(CallStart start, StateFacts facts);

  /** Notes a call-start for a call answered before ({@code earlier} is published again, unchanged). */
  void duplicate(CallStart start, AgentVariables earlier);
}
