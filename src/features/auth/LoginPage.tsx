import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { CloudStackError } from '../../api/errors';
import { errorText } from '../../components/QueryError';
import { readLoginState, redirectTarget } from './redirect';
import { useSession } from './session';

export const SESSION_EXPIRED_TEXT = 'Your session has expired. Log in again.';

type Failure = { kind: 'network'; text: string } | { kind: 'rejected'; text: string };

function describeFailure(error: unknown): Failure {
  if (error instanceof CloudStackError && error.isNetworkFailure) return { kind: 'network', text: error.errortext };
  return { kind: 'rejected', text: errorText(error) };
}

export function LoginPage() {
  useDocumentTitle('Log in · CloudStack System VMs');
  const { user, logIn } = useSession();
  const location = useLocation();
  const loginState = readLoginState(location.state);

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [domain, setDomain] = useState('/');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  // Logged in (just now, or already before coming here): back to the page the user was on.
  if (user) return <Navigate to={redirectTarget(loginState)} replace />;

  const submit = async () => {
    setSubmitting(true);
    setFailure(null);
    try {
      await logIn(username.trim(), password, domain.trim() || '/');
    } catch (error) {
      setFailure(describeFailure(error));
      setSubmitting(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!submitting) void submit();
  };

  return (
    <Center component="main" mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <form onSubmit={onSubmit} aria-labelledby="login-title">
          <Stack gap="md">
            <div>
              <Title order={1} size="h2" id="login-title">
                CloudStack System VMs
              </Title>
              <Text c="dimmed" size="sm">
                Log in with your CloudStack account.
              </Text>
            </div>

            {loginState.reason === 'expired' && !failure && (
              <Alert color="yellow" variant="light" title="Session expired">
                {SESSION_EXPIRED_TEXT}
              </Alert>
            )}

            {failure?.kind === 'rejected' && (
              <Alert color="red" variant="light" title="Login failed">
                {failure.text}
              </Alert>
            )}

            {failure?.kind === 'network' && (
              <Alert color="red" variant="light" title="Cannot reach the server">
                <Text size="sm">{failure.text}</Text>
                <Group mt="sm">
                  <Button size="xs" variant="outline" color="red" onClick={() => void submit()} loading={submitting}>
                    Retry
                  </Button>
                </Group>
              </Alert>
            )}

            <TextInput
              label="Username"
              name="username"
              autoComplete="username"
              required
              autoFocus
              value={username}
              onChange={(event) => setUsername(event.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            <TextInput
              label="Domain"
              name="domain"
              description="The domain path, for example / or /ROOT/child/"
              value={domain}
              onChange={(event) => setDomain(event.currentTarget.value)}
            />
            <Button type="submit" loading={submitting} fullWidth>
              Log in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
