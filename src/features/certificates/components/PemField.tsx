import { useState, type DragEvent, type ReactNode } from 'react';
import { Button, FileButton, Group, Stack, Text, Textarea } from '@mantine/core';
import type { Problem } from '../problems';
import { ProblemList } from './ProblemList';
import classes from './PemField.module.css';
import { maskedSecret, secretEdit } from '../secretField';

/** PEM files are small; anything larger is not one. */
const MAX_FILE_BYTES = 256 * 1024;

export interface PemFieldProps {
  label: string;
  description?: ReactNode;
  value: string;
  onChange(value: string): void;
  problems: readonly Problem[];
  /** The private key: the field shows a mask instead of it, and is never spell-checked or auto-completed. */
  secret?: boolean;
  required?: boolean;
  placeholder?: string;
  /** Shown under the field: what the PEM holds, and actions. */
  children?: ReactNode;
  /** Buttons beside "Load from file" (remove, move). */
  actions?: ReactNode;
}

/** A PEM text field that also takes a dropped or chosen file, with its problems and summary below it. */
export function PemField({ label, description, value, onChange, problems, secret = false, required, placeholder, children, actions }: PemFieldProps) {
  const [dropping, setDropping] = useState(false);
  const [fileError, setFileError] = useState<string | undefined>();

  async function load(file: File | null | undefined) {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(`${file.name} is ${Math.round(file.size / 1024)} KB, too large for a PEM file; choose the .pem, .crt or .key file.`);
      return;
    }
    setFileError(undefined);
    onChange(await file.text());
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDropping(false);
    void load(e.dataTransfer.files[0]);
  }

  const shown = secret ? maskedSecret(value) : value;
  const errors = problems.filter((p) => p.level === 'error');
  const warnings = problems.filter((p) => p.level === 'warning');
  const fileProblems: Problem[] = fileError ? [{ level: 'error', text: fileError }] : [];
  const shownErrors = [...fileProblems, ...errors];

  return (
    <Stack gap={6}>
      <Textarea
        label={label}
        description={description}
        required={required}
        value={shown}
        onChange={(e) => onChange(secret ? secretEdit(value, shown, e.currentTarget.value) : e.currentTarget.value)}
        placeholder={placeholder ?? '-----BEGIN CERTIFICATE-----'}
        autosize
        minRows={3}
        maxRows={secret ? 4 : 10}
        spellCheck={false}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        data-secret={secret || undefined}
        className={`${classes.pem} ${secret ? classes.secret : ''} ${dropping ? classes.dropping : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={onDrop}
        error={shownErrors.length > 0 ? <ProblemList problems={shownErrors} /> : undefined}
      />
      <Group gap="xs">
        <FileButton onChange={(f) => void load(f)} accept=".pem,.crt,.cer,.key,.txt,application/x-pem-file,application/x-x509-ca-cert">
          {(props) => (
            <Button {...props} size="compact-xs" variant="default">
              Load from file…
            </Button>
          )}
        </FileButton>
        {value !== '' && (
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onChange('')}>
            Clear
          </Button>
        )}
        {actions}
        <Text size="xs" c="dimmed">
          or drop a file on the field
        </Text>
      </Group>
      <ProblemList problems={warnings} />
      {children}
    </Stack>
  );
}
