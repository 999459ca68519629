import { parseArgs } from "node:util";

/** `--name value` flags for the CLIs, with a usage line printed on any mistake. */
export function readFlags<const T extends Record<string, { type: "string" | "boolean" }>>(options: T, usage: string) {
  try {
    return parseArgs({ options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\nUsage: ${usage}`);
    process.exit(2);
  }
}
