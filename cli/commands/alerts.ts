import { UsageError } from "../args";

export async function worker(): Promise<void> {
  throw new UsageError("the alert worker arrives with the alerts issue");
}
export async function alerts(): Promise<void> {
  throw new UsageError("alert commands arrive with the alerts issue");
}
