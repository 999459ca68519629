import "server-only";
// What code outside lib/services/audit/ may import from it (test/layout.test.ts holds callers to this file).

export { listAudit } from "./list-audit";
export { auditActions, auditModels, searchAudit } from "./search-audit";
export { writeAudit } from "./write-audit";
