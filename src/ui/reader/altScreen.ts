// The terminal's alternate screen (xterm's mode 1049, which every terminal in use and tmux
// know): switching to it saves the cursor and shows an empty screen with no scrollback;
// switching back shows the main screen as it was and restores the cursor. The reader is drawn
// there so that nothing of the main screen or its scrollback is erased or printed twice.

/** To the alternate screen, the cursor at its top left (Ink then draws the reader from there). */
export const ALT_SCREEN_ON = "\u001b[?1049h\u001b[H";
export const ALT_SCREEN_OFF = "\u001b[?1049l";
