import { mountApp, type Harness, type Json, type TestClock } from "./ui-harness.js";

/**
 * Mount the App, show a card (an approval or a question), and wait out the guard that ignores
 * keys pressed as a card appears, so the next key the test presses is taken.
 */
export async function mountWithCard(frame: Json, shown: (screen: string) => boolean, clock?: TestClock): Promise<Harness> {
  const h = await mountApp({ clock });
  h.frame(frame);
  await h.waitFor("the card", shown);
  await h.pause();
  return h;
}
