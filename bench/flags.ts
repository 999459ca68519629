import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** What every bench script's flag parsing shares: --help, a usage-printing exit, whole numbers, PostgreSQL settings. */
export function flagReader(usage: string) {
  const fail = (message: string): never => {
    console.error(`${message}\n\nUsage: ${usage}`);
    process.exit(2);
  };
  /** The flag's value, or else the environment's, or the fallback; `_` may group digits. */
  const wholeNumber = (name: string, raw: string | undefined, fallback: number, min: number, max = Number.POSITIVE_INFINITY): number => {
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw.replace(/_/g, ""));
    const range = max === Number.POSITIVE_INFINITY ? `of at least ${min}` : `from ${min} to ${max}`;
    if (!Number.isInteger(value) || value < min || value > max) fail(`${name} must be a whole number ${range} (got ${raw})`);
    return value;
  };
  /** `name=value` entries (from repeated --pg-set flags or BENCH_PG_SET's comma-separated list). */
  const pgSettings = (entries: string[]): Record<string, string> => {
    const settings: Record<string, string> = {};
    for (const entry of entries) {
      const match = entry.trim().match(/^([a-z_]+)=(.+)$/);
      if (!match) fail(`--pg-set takes name=value (got ${entry})`);
      settings[match![1]!] = match![2]!;
    }
    return settings;
  };
  /** The flags' values (strict: an unknown flag or a stray argument prints the usage and exits 2); --help prints it and exits 0. */
  const parse = <O extends Options>(argv: string[], options: O) => {
    let values: Record<string, unknown>;
    try {
      values = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { ...options, help: { type: "boolean" } } }).values;
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    if (values.help) {
      console.log(usage);
      process.exit(0);
    }
    return values as { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : O[K]["multiple"] extends true ? string[] : string };
  };
  return { fail, wholeNumber, pgSettings, parse };
}
