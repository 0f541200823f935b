import { useParams } from 'react-router-dom';
import { VisuallyHidden } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { ConsoleScreen } from './ConsoleScreen';

/** /console/:vmId — a VM's console filling a window of its own, without the app's frame. */
export function ConsoleWindowPage() {
  const { vmId = '' } = useParams();
  useDocumentTitle('Console · CloudStack');
  return (
    <main aria-label="VM console">
      <VisuallyHidden component="h1">VM console</VisuallyHidden>
      <ConsoleScreen vmId={vmId} fill />
    </main>
  );
}
