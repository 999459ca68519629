import "server-only";
// What code outside lib/services/outbound/ may import from it (test/layout.test.ts holds callers to this file).

export { assertDestinations } from "./assert-destinations";
export { callOut } from "./call-out";
export { listOutboundCalls } from "./list-outbound-calls";
export type { OutboundCallEntry } from "./list-outbound-calls";
