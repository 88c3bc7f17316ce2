// Values a provider's pushes carry for us to check (创瑞's status-report and reply
// passwords): credentials, so sealed by the secret store like the password, as one JSON
// object of key → value (NULL: none set). Which keys are set is kept beside them in the
// clear, so listing accounts never opens a seal.
export const up = `
ALTER TABLE accounts ADD COLUMN push_credentials_enc BLOB;
ALTER TABLE accounts ADD COLUMN push_credential_keys TEXT NOT NULL DEFAULT '[]';
`;
