/** The demo staff logins `supabase/seed.sql` creates, and the password they share. */
export const DEMO_PASSWORD = 'clinica-demo-2026';

export const DEMO_LOGINS = [
  ['admin@clinica.example', 'admin'],
  ['medica@clinica.example', 'doctor'],
  ['enfermeiro@clinica.example', 'nurse'],
  ['recepcao@clinica.example', 'reception'],
  ['financeiro@clinica.example', 'billing'],
] as const;

/** The logins as `npm start` and `npm run seed:remote` print them. */
export function demoLoginsText(): string {
  return `  Demo staff logins (password for all: ${DEMO_PASSWORD}):
${DEMO_LOGINS.map(([email, role]) => `    ${email.padEnd(28)} ${role}`).join('\n')}`;
}
