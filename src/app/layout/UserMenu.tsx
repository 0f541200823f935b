import { useState } from 'react';
import { Button, Menu, Text } from '@mantine/core';
import { useSession } from '../../features/auth/session';
import { roleName } from '../../features/auth/roles';
import { ChevronDownIcon, LogoutIcon } from './icons';

/** The logged-in user (name, account, role) and Log out. */
export function UserMenu() {
  const { user, logOut } = useSession();
  const [leaving, setLeaving] = useState(false);
  if (!user) return null;
  const fullName = [user.firstname, user.lastname].filter(Boolean).join(' ');
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          rightSection={<ChevronDownIcon size={14} />}
          aria-label={`User menu: ${user.username} (account ${user.account})`}
          loading={leaving}
        >
          {user.username}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Logged in as</Menu.Label>
        <div style={{ padding: '4px 12px 8px' }}>
          <Text size="sm" fw={600}>
            {user.username}
          </Text>
          {fullName && (
            <Text size="xs" c="dimmed">
              {fullName}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            Account {user.account}
          </Text>
          <Text size="xs" c="dimmed">
            {roleName(user.type)}
          </Text>
        </div>
        <Menu.Divider />
        <Menu.Item
          leftSection={<LogoutIcon size={14} />}
          onClick={() => {
            setLeaving(true);
            void logOut();
          }}
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
