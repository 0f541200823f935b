import { Link, useLocation } from 'react-router-dom';
import { NavLink, Stack, Text } from '@mantine/core';
import { NAV_SECTIONS, isActive } from './navItems';

export function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  const { pathname } = useLocation();
  return (
    <Stack gap="md">
      {NAV_SECTIONS.map((section, index) => {
        const headingId = section.title ? `nav-section-${index}` : undefined;
        return (
          <div key={section.title ?? section.items[0]?.to ?? index} role="group" aria-labelledby={headingId}>
            {section.title && (
              <Text id={headingId} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
                {section.title}
              </Text>
            )}
            {section.items.map((item) => {
              const active = isActive(item.to, pathname);
              return (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={item.label}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  onClick={onNavigate}
                />
              );
            })}
          </div>
        );
      })}
    </Stack>
  );
}
