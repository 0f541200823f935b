/**
 * The styles of the first load: Mantine's base (baseline, global; the theme's CSS variables are written by
 * MantineProvider, src/app/providers.tsx) and the components of the
 * login page (and Popover, which the frame's and the screens' menus build on), instead of Mantine's whole
 * stylesheet (about 250 KiB). The frame brings frame.ts, every screen screens.ts, with their code
 * (src/app/router.tsx). Order: Mantine's base, then the components that
 * others build on (UnstyledButton, Paper, Popover, Input, ...), then the rest; a component's dependencies
 * before it, as Mantine's own stylesheet orders them.
 */
import '@mantine/core/styles/baseline.css';
import '@mantine/core/styles/global.css';
import '@mantine/core/styles/UnstyledButton.css';
import '@mantine/core/styles/VisuallyHidden.css';
import '@mantine/core/styles/Paper.css';
import '@mantine/core/styles/Popover.css';
import '@mantine/core/styles/CloseButton.css';
import '@mantine/core/styles/Group.css';
import '@mantine/core/styles/Loader.css';
import '@mantine/core/styles/Input.css';
import '@mantine/core/styles/ActionIcon.css';
import '@mantine/core/styles/Button.css';
import '@mantine/core/styles/Alert.css';
import '@mantine/core/styles/Center.css';
import '@mantine/core/styles/PasswordInput.css';
import '@mantine/core/styles/Stack.css';
import '@mantine/core/styles/Text.css';
import '@mantine/core/styles/Title.css';
