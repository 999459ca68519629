export * from "./users";
export * from "./models";
export * from "./audit";
export * from "./api-keys";
export * from "./predictions";
export * from "./metrics";
export * from "./labelling";
