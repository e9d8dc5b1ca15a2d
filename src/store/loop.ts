// Whether a runtime's loop is at work, as the server's loop status says. One definition for
// the store, the controller and the screen: they once each had their own, and a status the
// server adds must change all of them at once.

/** The one loop status that means "nothing runs". */
export const IDLE = "WAITING_ON_INPUT";

/** Busy: any status the server gave other than idle (before any status, nothing is known to run). */
export function isBusy(status: string | undefined): boolean {
  return status !== undefined && status !== IDLE;
}
