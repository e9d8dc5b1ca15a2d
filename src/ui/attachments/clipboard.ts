import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

// The clipboard's image, read with the platform's own tool: wl-paste (Wayland) or xclip (X11)
// on Linux and the BSDs, osascript on macOS (pbpaste gives text only), PowerShell on Windows.
// Each gives the image in its own form (raw bytes, hex, base64); `decode` turns it into bytes.

export interface ClipboardTool {
  readonly command: string;
  readonly args: readonly string[];
  /** The tool's output as the image's bytes (empty: no image). */
  decode(out: Buffer): Buffer;
}

const raw = (out: Buffer) => out;

const WL_PASTE: ClipboardTool = { command: "wl-paste", args: ["--no-newline", "--type", "image/png"], decode: raw };
const XCLIP: ClipboardTool = { command: "xclip", args: ["-selection", "clipboard", "-t", "image/png", "-o"], decode: raw };
/** «data PNGf89504E47…»: the PNG as hex. */
const OSASCRIPT: ClipboardTool = {
  command: "osascript",
  args: ["-e", "the clipboard as «class PNGf»"],
  decode: (out) => Buffer.from(/«data PNGf([0-9A-Fa-f]*)»/.exec(out.toString("utf8"))?.[1] ?? "", "hex"),
};
const POWERSHELL: ClipboardTool = {
  command: "powershell.exe",
  args: [
    "-NoProfile",
    "-NonInteractive",
    "-Command",
    "Add-Type -AssemblyName System.Windows.Forms; $i = [System.Windows.Forms.Clipboard]::GetImage(); if ($i) { $m = New-Object System.IO.MemoryStream; $i.Save($m, [System.Drawing.Imaging.ImageFormat]::Png); [Convert]::ToBase64String($m.ToArray()) }",
  ],
  decode: (out) => Buffer.from(out.toString("latin1").trim(), "base64"),
};

type Env = Readonly<Record<string, string | undefined>>;

/** Whether `command` is an executable file in one of PATH's folders. */
function onPath(command: string, env: Env, platform: NodeJS.Platform): boolean {
  const dirs = (env.PATH ?? env.Path ?? "").split(platform === "win32" ? ";" : ":").filter(Boolean);
  return dirs.some((dir) => {
    try {
      accessSync(path.join(dir, command), platform === "win32" ? constants.F_OK : constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The tools to try, in order, that this machine has; none when it has no way to read an image. */
export function clipboardTools(platform: NodeJS.Platform = process.platform, env: Env = process.env): ClipboardTool[] {
  if (platform === "darwin") return onPath("osascript", env, platform) ? [OSASCRIPT] : [];
  if (platform === "win32") return onPath("powershell.exe", env, platform) ? [POWERSHELL] : [];
  // Wayland first when there is a Wayland display; an X11 session (or XWayland) has xclip.
  const order = env.WAYLAND_DISPLAY ? [WL_PASTE, XCLIP] : [XCLIP, WL_PASTE];
  return order.filter((t) => onPath(t.command, env, platform));
}

export type ClipboardRead = { ok: true; bytes: Buffer } | { ok: false; error: string };

const MAX_OUTPUT = 16 * 1024 * 1024;

function run(tool: ClipboardTool, env: Env): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    execFile(tool.command, [...tool.args], { encoding: "buffer", env: env as NodeJS.ProcessEnv, timeout: 5_000, maxBuffer: MAX_OUTPUT, windowsHide: true }, (err, stdout) => {
      // A tool with no image to give exits non-zero ("target image/png not available").
      resolve(err ? undefined : tool.decode(stdout));
    });
  });
}

/** The clipboard's image bytes, or a line saying why there are none. */
export async function readClipboardImage(platform: NodeJS.Platform = process.platform, env: Env = process.env): Promise<ClipboardRead> {
  const tools = clipboardTools(platform, env);
  if (tools.length === 0) {
    const need = platform === "darwin" ? "osascript" : platform === "win32" ? "PowerShell" : "wl-paste (Wayland) or xclip (X11)";
    return { ok: false, error: `no clipboard tool to read an image with: install ${need}` };
  }
  for (const tool of tools) {
    const bytes = await run(tool, env);
    if (bytes && bytes.length > 0) return { ok: true, bytes };
  }
  return { ok: false, error: "the clipboard holds no image (copy one, or paste an image file's path)" };
}
