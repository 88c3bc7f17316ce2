// Contacts in a list in id (import) order: paging, the planner's keyset reads and the
// per-list count all walk this index instead of sorting a million rows. UNIQUE
// (list_id, mobile) already serves look-ups by number.
export const up = `
CREATE INDEX contacts_list_order ON contacts (list_id, id);
`;
