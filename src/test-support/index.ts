// Helpers shared by every module's tests. See lantern.ts for why each test file shares one Lantern.
export { createTestLantern, createLoggedTestLantern, createTestDatabase, type TestDatabase, type TestLantern, type TestLanternOptions } from './lantern.ts';
export { runLanternCommand, type CommandOutcome } from './command-line.ts';
export { signInAs, TestClient, encodeForm, textOf, type TextOptions, SESSION_COOKIE, CSRF_COOKIE, type Form, type Page, type SetCookie } from './client.ts';
export { userIdByEmail, countRows, apiTokenFor } from './data.ts';
export { startMailbox, type Mailbox, type ReceivedMail } from './mailbox.ts';
export { captureLog, type CapturedLog } from './log.ts';
