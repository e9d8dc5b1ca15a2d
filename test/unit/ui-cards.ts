import { APPROVAL_GUARD_MS } from "../../src/ui/App.js";
import { mountApp, sleep, type Harness, type Json } from "./ui-harness.js";

/**
 * Mount the App, show a card (an approval or a question), and wait out the guard that ignores
 * keys pressed as a card appears, so the next key the test presses is taken.
 */
export async function mountWithCard(frame: Json, shown: (screen: string) => boolean): Promise<Harness> {
  const h = await mountApp();
  h.frame(frame);
  await h.waitFor("the card", shown);
  await sleep(APPROVAL_GUARD_MS + 50);
  return h;
}
