export type { CredentialSource, SecretHint, SettingsView, UrlForm } from '../../../../shared/contracts/settings';
import type { UrlForm } from '../../../../shared/contracts/settings';

/** The editable fields, as the form holds them (the allow-list as lines of text). */
export interface SettingsForm {
  username: string;
  publicUrl: string;
  urlForm: UrlForm;
  zonelessTimezone: string;
  allowedIps: string;
  /** The lost reasons, one per line. */
  lostReasons: string;
}
