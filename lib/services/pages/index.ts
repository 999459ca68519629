export { pageTargetExists } from "./page-target-exists";
