/** The app's own console page of a VM. */
export function consolePath(vmId: string): string {
  return `/console/${encodeURIComponent(vmId)}`;
}

/** Opens a VM's console in a window of its own (one window per VM: opening it again focuses it). */
export function openConsoleWindow(vmId: string): void {
  window.open(consolePath(vmId), `console-${vmId}`, 'popup=yes,width=1024,height=720');
}
