export * from "./users";
export * from "./models";
export * from "./audit";
