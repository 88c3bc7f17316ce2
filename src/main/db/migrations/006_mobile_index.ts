// messages (mobile, submitted_at) was rewritten for every message sent (submitted_at is
// set by the answer); its readers (the last message to a number that replied) need only
// the number. An index on mobile alone is written once, when the message is planned.
export const up = `
DROP INDEX IF EXISTS messages_mobile_time;
CREATE INDEX messages_mobile ON messages (mobile);
`;
