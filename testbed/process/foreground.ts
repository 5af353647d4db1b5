/**
 * A foreground command (`npm run cluster`, `npm run local`): starts everything under the
 * supervisor, prints what to do next, and keeps running until Ctrl-C (the supervisor stops
 * everything on the signal). A failed start says why, stops what did start and exits 1.
 */
import type { Supervisor } from "./supervisor.js";

export async function runInForeground(
  supervisor: Supervisor,
  say: (line: string) => void,
  start: () => Promise<string[]>,
): Promise<void> {
  try {
    const nextSteps = await start();
    process.stdout.write([...nextSteps, "", "Ctrl-C stops everything.", ""].join("\n"));
  } catch (err) {
    say(`failed: ${(err as Error).message}`);
    await supervisor.stopAll();
    process.exit(1);
  }
}
