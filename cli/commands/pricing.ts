import { UsageError } from "../args";

export async function pricing(): Promise<void> {
  throw new UsageError("pricing commands arrive with the pricing issue");
}
