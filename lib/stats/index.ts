// Vigil's statistics: pure functions, no I/O. Definitions follow DESIGN.md "Statistics: exact
// definitions"; each file names its sources. Conventions: a figure that is undefined (no data)
// is null, never NaN or ±Infinity; NaN/±Infinity inside a sample are ignored; impossible
// arguments throw a RangeError.
export * from "./wilson";
export * from "./weighted-proportion";
export * from "./weighted-mean";
export * from "./psi";
export * from "./ks";
export * from "./gamma";
export * from "./chi-square";
export * from "./kappa";
export * from "./regression";
export * from "./estimated-accuracy";
export * from "./normal";
export * from "./power";
export * from "./quantile-sketch";
export * from "./cusum";
