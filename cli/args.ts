import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function required(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== "string" || !value.trim()) throw new UsageError(`missing ${flag}`);
  return value;
}
