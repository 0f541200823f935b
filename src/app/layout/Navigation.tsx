import { Link, useLocation } from 'react-router-dom';
import { NavLink, Skeleton, Stack, Text } from '@mantine/core';
import { NAV_SECTIONS, isActive, visibleSections } from './navItems';
import { usePermissions } from './usePermissions';

/** The main navigation: only the screens the caller's role may use (listApis). */
export function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  const { pathname } = useLocation();
  const permissions = usePermissions();
  if (!permissions.known) {
    return (
      <Stack gap="xs" aria-label="Loading the navigation" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={28} />
        ))}
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      {visibleSections(NAV_SECTIONS, permissions).map((section, index) => {
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
