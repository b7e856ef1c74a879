import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth-context.tsx';
import { LanguageSwitcher } from '../layout/language-switcher.tsx';

interface FieldErrors {
  email?: string;
  password?: string;
}

export function SignInPage({ expired }: { expired: boolean }) {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(expired ? t('auth.sessionExpired') : null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const next: FieldErrors = {};
    if (!email.trim()) next.email = t('auth.emailRequired');
    if (!password) next.password = t('auth.passwordRequired');
    setErrors(next);
    if (next.email || next.password) return;
    setBusy(true);
    setFormError(null);
    const result = await signIn(email.trim(), password);
    setBusy(false);
    if (result.kind === 'invalid-credentials') setFormError(t('auth.invalidCredentials'));
    else if (result.kind === 'too-many-attempts') setFormError(t('auth.tooManyAttempts'));
    else if (result.kind === 'offline') setFormError(t('auth.offline'));
    else if (result.kind === 'failed') setFormError(t('auth.failed', { message: result.message }));
  }

  return (
    <main className="sign-in" id="main">
      <form
        className="card sign-in__card"
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-labelledby="sign-in-title"
      >
        <img src="/icons/icon.svg" alt="" width={56} height={56} />
        <h1 id="sign-in-title">{t('auth.title')}</h1>
        <p className="muted">{t('auth.subtitle')}</p>
        <label className="field">
          <span>{t('auth.email')}</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? 'email-error' : undefined}
            autoFocus
          />
          {errors.email && (
            <span className="field__error" id="email-error">
              {errors.email}
            </span>
          )}
        </label>
        <label className="field">
          <span>{t('auth.password')}</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? 'password-error' : undefined}
          />
          {errors.password && (
            <span className="field__error" id="password-error">
              {errors.password}
            </span>
          )}
        </label>
        {formError && (
          <p className="alert alert--error" role="alert">
            {formError}
          </p>
        )}
        <button className="button button--primary" type="submit" disabled={busy}>
          {busy ? t('auth.submitting') : t('auth.submit')}
        </button>
        <LanguageSwitcher />
      </form>
    </main>
  );
}
