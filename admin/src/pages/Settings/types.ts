/** The shapes of GET/PUT /grupozap/settings (server/src/services/settings.ts `SettingsView`). */
export type UrlForm = 'path' | 'subdomain' | 'single';
export type CredentialSource = 'config' | 'settings' | 'none';

export interface SecretHint {
  hint: string;
  setAt: string;
  generated: boolean;
}

export interface SettingsView {
  username: string;
  credential: {
    source: CredentialSource;
    current: SecretHint | null;
    previous: (SecretHint & { validUntil: string }) | null;
  };
  publicUrl: string | null;
  urlForm: UrlForm;
  zonelessTimezone: string;
  allowedIps: string[];
  endpointUrl: string | null;
  endpointProblem: string | null;
  defaultGraceDays: number;
}

/** The editable fields, as the form holds them (the allow-list as lines of text). */
export interface SettingsForm {
  username: string;
  publicUrl: string;
  urlForm: UrlForm;
  zonelessTimezone: string;
  allowedIps: string;
}
