/**
 * The styles of the frame around every screen after login (header, navigation, user menu, alerts badge), loaded
 * with the frame's code (src/app/layout/AppLayout.tsx). Popover, which Menu and Tooltip build on, came with
 * shell.ts.
 */
import '@mantine/core/styles/AppShell.css';
import '@mantine/core/styles/Badge.css';
import '@mantine/core/styles/Burger.css';
import '@mantine/core/styles/Menu.css';
import '@mantine/core/styles/NavLink.css';
import '@mantine/core/styles/Progress.css';
import '@mantine/core/styles/Tooltip.css';
