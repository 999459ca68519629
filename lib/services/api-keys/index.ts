import "server-only";
// What code outside lib/services/api-keys/ may import from it (test/layout.test.ts holds callers to this file).

export { authenticateApiKey } from "./authenticate-api-key";
export { createApiKey } from "./create-api-key";
export { listApiKeys } from "./list-api-keys";
export { revokeApiKey } from "./revoke-api-key";
