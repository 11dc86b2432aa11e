import { useState } from 'preact/hooks';
import type { AdminApi } from '../lib/api';
import { date, dateTime } from '../lib/format';
import { ApiProblem } from '../lib/problem';
import { ENVIRONMENTS, type Environment } from '../lib/schemas';
import { Field } from '../ui/field';
import { ProblemNotice, StaleNotice, Status } from '../ui/notices';
import { useAction, useLoad } from '../ui/use-load';
import type { PageProps } from './page-props';

/** The EHR's public certificate per environment: it verifies the signed scheduling feed. */
export function Certificates(props: PageProps & { onChange: () => void }) {
  return (
    <section aria-labelledby="certificates-heading" class="card">
      <h2 id="certificates-heading">Certificates</h2>
      <p>Upload the EHR's Base64 (PEM) public-key certificate for each environment. Never upload a private key.</p>
      {ENVIRONMENTS.map((environment) => <EnvironmentCertificate key={environment} {...props} environment={environment} />)}
    </section>
  );
}

export async function readCertificateOrNull(api: AdminApi, environment: Environment) {
  try {
    return await api.readCertificate(environment);
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return { value: null, etag: undefined };
    throw error;
  }
}

function EnvironmentCertificate({ api, session, environment, onChange }: PageProps & { environment: Environment; onChange: () => void }) {
  const loaded = useLoad(() => readCertificateOrNull(api, environment), [api, environment]);
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const [formKey, setFormKey] = useState(0);
  const upload = useAction();
  const admin = session.role === 'admin';
  const current = loaded.data?.value;
  const id = `certificate-${environment}`;

  const pickFile = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (file) setText(await file.text());
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setStatus('');
    const saved = await upload.run(() => api.uploadCertificate(environment, text, loaded.data?.etag));
    if (saved) {
      setText('');
      setFormKey((k) => k + 1);
      setStatus(`The ${environment} certificate is uploaded.`);
      await loaded.reload();
      onChange();
    }
  };

  return (
    <div class="sub-card" data-testid={id}>
      <h3>{environment === 'test' ? 'Test' : 'Production'}</h3>
      <ProblemNotice problem={loaded.problem} />
      {current === null ? <p>No certificate uploaded.</p> : null}
      {current ? (
        <dl class="facts" data-testid={`${id}-details`}>
          <dt>Subject</dt><dd class="break">{current.subject}</dd>
          <dt>Thumbprint (SHA-1)</dt><dd class="mono break">{current.thumbprintSha1}</dd>
          <dt>Thumbprint (SHA-256)</dt><dd class="mono break">{current.thumbprintSha256}</dd>
          <dt>Expires</dt><dd>{date(current.notAfter)}</dd>
          <dt>Key</dt><dd>{current.key.type === 'rsa' ? `RSA ${current.key.bits} bits` : `EC ${current.key.curve}`}</dd>
          <dt>Uploaded</dt><dd>{dateTime(current.uploadedAt)} by {current.uploadedBy}</dd>
        </dl>
      ) : null}
      {current?.warnings.map((w) => <p key={w} class="notice notice-warning" role="alert">{w}</p>)}
      {admin ? (
        <form key={formKey} onSubmit={(e) => void submit(e)} noValidate>
          <fieldset disabled={upload.busy}>
            <legend class="visually-hidden">Upload the {environment} certificate</legend>
            <Field id={`${id}-file`} label={`Certificate file (${environment})`} hint=".pem, .cer or .crt; or paste it below.">
              {(a) => <input {...a} type="file" accept=".pem,.cer,.crt,.txt" onChange={(e) => void pickFile(e)} />}
            </Field>
            <Field id={`${id}-text`} label="Certificate (Base64 / PEM)" error={upload.problem?.fieldMessage('certificate')}>
              {(a) => <textarea {...a} rows={4} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} spellcheck={false} class="mono" />}
            </Field>
            <button type="submit" disabled={text.trim() === ''}>{current ? 'Replace certificate' : 'Upload certificate'}</button>
          </fieldset>
          <StaleNotice problem={upload.problem} onReload={() => { upload.clear(); void loaded.reload(); }} />
          <ProblemNotice problem={upload.problem} fields={['certificate']} />
        </form>
      ) : null}
      {status ? <Status testId={`${id}-status`}>{status}</Status> : null}
    </div>
  );
}
