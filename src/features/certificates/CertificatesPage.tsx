import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useConfiguration } from '../../api/queries/useConfiguration';
import type { UploadCheck } from './checks';
import { hasErrors } from './problems';
import { addEntry, moveEntry, prependEntries, removeEntry, setEntryText, splitEntry, type ChainEntry } from './chainList';
import { CertificateSummary } from './components/CertificateSummary';
import { PemField } from './components/PemField';
import { ProblemList } from './components/ProblemList';
import { UploadProgress } from './components/UploadProgress';
import { useCertificateUpload } from './useCertificateUpload';

/** How long typing pauses before the checks run again. */
const CHECK_DELAY_MS = 150;

/** The checks and the X.509 library behind them load with this screen only, not with the app. */
const loadChecks = () => import('./checks');

/** Where consoles are served now, from consoleproxy.url.domain and consoleproxy.sslEnabled. */
function CurrentDomain() {
  const domain = useConfiguration('consoleproxy.url.domain');
  const ssl = useConfiguration('consoleproxy.sslEnabled');
  if (domain.isPending || ssl.isPending || domain.isError || ssl.isError) return null;
  const value = domain.data?.value ?? '';
  const tls = ssl.data?.value === 'true';
  return (
    <Text size="sm" c="dimmed" data-testid="current-console-domain">
      {tls && value
        ? `Now: consoles are served over TLS at ${value.startsWith('*.') ? `aaa-bbb-ccc-ddd.${value.slice(2)}` : value} (consoleproxy.url.domain = ${value}).`
        : 'Now: no certificate is in use; consoles are served without TLS at the console proxies’ addresses.'}
    </Text>
  );
}

/**
 * The console proxy's SSL certificate (the CloudStack guide's "Changing the Console Proxy SSL Certificate and
 * Domain"): the certificate, its PKCS#8 key, the chain and the domain, checked in the browser as they are
 * typed, then uploaded with uploadCustomCertificate, chain first.
 */
export function CertificatesPage() {
  useDocumentTitle('Console proxy SSL certificate · CloudStack System VMs');
  const [certificate, setCertificate] = useState('');
  const [privatekey, setPrivatekey] = useState('');
  const [chain, setChain] = useState<ChainEntry[]>([]);
  const [domainsuffix, setDomainsuffix] = useState('');
  const [check, setCheck] = useState<UploadCheck | undefined>();
  const [checkError, setCheckError] = useState<string | undefined>();
  const [checkAttempt, setCheckAttempt] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const upload = useCertificateUpload();

  const chainTexts = useMemo(() => chain.map((e) => e.text), [chain]);
  // The inputs of one check; the check is running while its result is for older inputs than these.
  const inputs = useMemo(() => ({ certificate, privatekey, chainTexts, domainsuffix, checkAttempt }), [certificate, privatekey, chainTexts, domainsuffix, checkAttempt]);
  const [checkedInputs, setCheckedInputs] = useState<typeof inputs | undefined>(undefined);
  const checking = checkedInputs !== inputs;
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      loadChecks()
        .then(({ checkUpload }) => checkUpload({ certificate: inputs.certificate, privatekey: inputs.privatekey, chain: inputs.chainTexts, domainsuffix: inputs.domainsuffix }))
        .then((c) => {
          if (!current) return;
          setCheck(c);
          setCheckError(undefined);
        })
        .catch((e: unknown) => {
          if (!current) return;
          setCheck(undefined);
          // Most likely the checks' code could not be loaded (network, or a new version of the app deployed).
          setCheckError(`The certificate checks could not run (${e instanceof Error ? e.message : String(e)}).`);
        })
        .finally(() => {
          if (current) setCheckedInputs(inputs);
        });
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [inputs]);

  const busy = upload.state.phase === 'uploading' || upload.state.phase === 'restarting';
  const ready = !!check?.ready && !checking && !busy;

  async function submit() {
    setConfirming(false);
    if (!check || !ready) return;
    const { uploadCalls } = await loadChecks();
    const calls = uploadCalls(check, privatekey);
    const suffix = calls[calls.length - 1]!.domainsuffix;
    // The key leaves the form now: it is in the upload's calls only until its call is sent.
    setPrivatekey('');
    void upload.start(calls, suffix);
  }

  const certProblems = check?.certificate.problems ?? [];
  const extra = check?.certificate.extra;

  return (
    <Stack gap="lg" maw={880}>
      <Stack gap={4}>
        <Title order={1}>Console proxy SSL certificate</Title>
        <Text size="sm">
          Upload a wildcard certificate for a subdomain of yours, such as <code>*.consoleproxy.company.com</code>, with its
          private key. Consoles are then served over TLS at <code>aaa-bbb-ccc-ddd.consoleproxy.company.com</code>, the
          console proxy’s public IP address with dashes; your DNS must resolve those names to the addresses.
        </Text>
        <CurrentDomain />
      </Stack>

      {checkError && (
        <Alert color="red" variant="light" title="Nothing can be checked or uploaded right now">
          <Text size="sm">{checkError}</Text>
          <Group mt="sm">
            <Button size="xs" variant="outline" color="red" onClick={() => setCheckAttempt((n) => n + 1)}>
              Retry
            </Button>
          </Group>
        </Alert>
      )}

      {upload.state.phase !== 'idle' && (
        <Paper withBorder p="md">
          <UploadProgress state={upload.state} proxies={upload.proxies} restart={upload.restart} onDone={upload.reset} />
        </Paper>
      )}

      <form
        aria-label="Console proxy certificate"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) setConfirming(true);
        }}
      >
        <fieldset disabled={busy} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack gap="lg">
            <TextInput
              label="Domain suffix"
              description="The wildcard domain of the console proxies: *.consoleproxy.company.com (the *. may be left out)."
              placeholder="*.consoleproxy.company.com"
              required
              value={domainsuffix}
              onChange={(e) => setDomainsuffix(e.currentTarget.value)}
              spellCheck={false}
              autoComplete="off"
              error={check && hasErrors(check.domainsuffix.problems) ? <ProblemList problems={check.domainsuffix.problems} /> : undefined}
            />

            <PemField
              label="Server certificate"
              description="The certificate your certificate authority issued for the wildcard name (PEM: -----BEGIN CERTIFICATE-----)."
              required
              value={certificate}
              onChange={setCertificate}
              problems={certProblems}
              actions={
                extra && extra.length > 0 ? (
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => {
                      setCertificate(check!.certificate.value!.pem);
                      setChain((c) => prependEntries(c, extra));
                    }}
                  >
                    Move the other {extra.length} to the chain
                  </Button>
                ) : undefined
              }
            >
              {check?.certificate.value && <CertificateSummary info={check.certificate.value.info} label="Server certificate" />}
            </PemField>

            <PemField
              label="Private key (PKCS#8)"
              description="The key you made the certificate signing request with, unencrypted PKCS#8 (-----BEGIN PRIVATE KEY-----). Paste it or load its file: it is not shown, and is sent only with the upload."
              required
              secret
              placeholder="-----BEGIN PRIVATE KEY-----"
              value={privatekey}
              onChange={setPrivatekey}
              problems={check?.privatekey.problems ?? []}
            >
              {check?.privatekey.description && !hasErrors(check.privatekey.problems) && privatekey !== '' && (
                <Text size="xs" c="green.8">
                  PKCS#8 key, {check.privatekey.description}
                  {check.certificate.value ? ', belongs to the server certificate' : ''}.
                </Text>
              )}
            </PemField>

            <Stack gap="xs">
              <Title order={2} size="h4">
                Certificate chain
              </Title>
              <Text size="sm" c="dimmed">
                The intermediate and root certificates, in order: first the one that signed the server certificate, then the one
                that signed it, up to the root. Each is uploaded in its own call before the server certificate.
              </Text>
              {chain.map((entry, i) => {
                const field = check?.chain[i];
                const entryExtra = field?.extra;
                return (
                  <Paper key={entry.key} withBorder p="sm">
                    <PemField
                      label={`Chain certificate ${i + 1}`}
                      value={entry.text}
                      onChange={(t) => setChain((c) => setEntryText(c, i, t))}
                      problems={field?.problems ?? []}
                      actions={
                        <>
                          <Button size="compact-xs" variant="default" disabled={i === 0} onClick={() => setChain((c) => moveEntry(c, i, -1))} aria-label={`Move chain certificate ${i + 1} up`}>
                            Up
                          </Button>
                          <Button size="compact-xs" variant="default" disabled={i === chain.length - 1} onClick={() => setChain((c) => moveEntry(c, i, 1))} aria-label={`Move chain certificate ${i + 1} down`}>
                            Down
                          </Button>
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setChain((c) => removeEntry(c, i))} aria-label={`Remove chain certificate ${i + 1}`}>
                            Remove
                          </Button>
                          {entryExtra && entryExtra.length > 0 && (
                            <Button size="compact-xs" variant="light" onClick={() => setChain((c) => splitEntry(c, i, field!.value!.pem, entryExtra))}>
                              Split into {entryExtra.length + 1} entries
                            </Button>
                          )}
                        </>
                      }
                    >
                      {field?.value && <CertificateSummary info={field.value.info} label={`Chain certificate ${i + 1}`} />}
                    </PemField>
                  </Paper>
                );
              })}
              <Group>
                <Button variant="default" size="xs" onClick={() => setChain((c) => addEntry(c))}>
                  Add a chain certificate
                </Button>
              </Group>
              <ProblemList problems={check?.chainNotes ?? []} />
            </Stack>

            {upload.state.phase === 'idle' && (
              <Alert variant="light" color="blue">
                <Text size="sm">
                  Uploading restarts every running console proxy and secondary storage VM so that they take the certificate:
                  open consoles are cut off briefly.
                </Text>
              </Alert>
            )}
            <Group>
              <Button type="submit" disabled={!ready}>
                Upload certificate
              </Button>
              {checking && (
                <Text size="sm" c="dimmed">
                  Checking…
                </Text>
              )}
              {!checking && check && !check.ready && (certificate || privatekey || domainsuffix) && (
                <Text size="sm" c="dimmed" data-testid="not-ready">
                  Fill in every field and fix the problems shown to upload.
                </Text>
              )}
            </Group>
          </Stack>
        </fieldset>
      </form>

      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Upload the certificate and restart the console proxies?">
        <Stack gap="md">
          <Text size="sm">
            The certificate for {check?.certificate.value?.info.dnsNames.join(', ')} will be uploaded. Every running console
            proxy and secondary storage VM then restarts: users with a console open lose it for a moment.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button onClick={() => void submit()} data-autofocus>
              Upload and restart
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
