import "server-only";
export { pageTargetExists } from "./page-target-exists";
