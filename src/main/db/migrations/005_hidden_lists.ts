// A new list being imported into: its rows go straight into contacts (written once, not
// staged and copied), the list hidden from every read until the import's last
// transaction clears these columns. The owner (host/pid/random, as campaign leases)
// and the time it vouches until tell a live import from one a crash left behind.
export const up = `
ALTER TABLE lists ADD COLUMN import_owner TEXT;
ALTER TABLE lists ADD COLUMN import_until INTEGER;
`;
