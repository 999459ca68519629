// Client-safe: how a failed call is named to people, and how they find its delivery log entry.

/**
 * What people see when a call failed, whatever the reason: the same words for a refused address, a
 * closed port, a timeout and an error answer, so the result cannot map a network. The reference
 * finds the entry in the delivery log, where admins read the detail.
 */
export function couldNotDeliver(logEntryId: string): string {
  return `could not deliver (delivery log entry ${shortReference(logEntryId)})`;
}

/** The first block of a log entry's id: what the delivery log shows in its Entry column. */
export function shortReference(logEntryId: string): string {
  return logEntryId.slice(0, 8);
}
