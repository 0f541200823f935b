import { Badge, Group, Table, Text } from '@mantine/core';
import type { CertificateInfo } from '../checks';

const date = (d: Date) => d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');

/** What a certificate says about itself: subject, names, issuer, validity, key and fingerprint. */
export function CertificateSummary({ info, label }: { info: CertificateInfo; label: string }) {
  const rows: [string, string][] = [
    ['Subject', info.subject],
    ['Names (SAN)', info.sans.length > 0 ? info.sans.join(', ') : '— (none; the CN is used)'],
    ['Issuer', info.selfSigned ? `${info.issuer} (self-signed)` : info.issuer],
    ['Valid from', date(info.notBefore)],
    ['Valid until', date(info.notAfter)],
    ['Key', info.key],
    ['SHA-256', info.sha256],
  ];
  return (
    <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing="xs" aria-label={label} fz="xs">
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
        <Group gap="xs">
          <Text size="xs" fw={600}>
            {label}
          </Text>
          {info.isCa && <Badge size="xs" variant="light">CA</Badge>}
        </Group>
      </Table.Caption>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th scope="row" w={110} fw={500} c="dimmed">
              {k}
            </Table.Th>
            <Table.Td style={{ wordBreak: 'break-all' }}>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
