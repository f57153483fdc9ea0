// The unchanged aws-amplify client against `npx amplify-offline start`: sign-up with the code the
// local pool "e-mailed", SRP sign-in, CRUD, owner rules, and API-key access.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { configFromOutputs } from 'amplify-offline/client';

const outputs = JSON.parse(readFileSync('amplify_outputs.json', 'utf8'));
Amplify.configure(configFromOutputs(outputs));
const client = generateClient();
const PASSWORD = 'Scratch-Pass-2026!';

/** The newest code the local pool "e-mailed" to an address. @param {string} email */
function lastCode(email) {
  const lines = readFileSync('.amplify-offline/mailbox.log', 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line.includes(email));
  const match = /(\d{6})\s*$/.exec(lines.at(-1) ?? '');
  assert.ok(match?.[1], `no code for ${email}`);
  return match[1];
}

/** @param {string} email */
async function newUser(email) {
  const signedUp = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  assert.equal(signedUp.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
  await confirmSignUp({ username: email, confirmationCode: lastCode(email) });
  const signedIn = await signIn({ username: email, password: PASSWORD });
  assert.equal(signedIn.isSignedIn, true, 'SRP sign-in');
}

const stamp = Date.now();
await newUser(`ann.${stamp}@example.test`);
const session = await fetchAuthSession();
assert.ok(session.tokens?.accessToken, 'tokens after SRP sign-in');
const created = await client.models.Todo.create({ content: 'Ann writes a todo', done: false });
assert.equal(created.errors, undefined, JSON.stringify(created.errors));
const updated = await client.models.Todo.update({ id: created.data.id, done: true });
assert.equal(updated.data?.done, true);
const annList = await client.models.Todo.list();
assert.deepEqual(
  annList.data.map((todo) => todo.content),
  ['Ann writes a todo'],
);
await signOut();

await newUser(`bob.${stamp}@example.test`);
const bobList = await client.models.Todo.list();
assert.deepEqual(bobList.data, [], 'Bob sees none of Ann’s todos');
const bobUpdate = await client.models.Todo.update({ id: created.data.id, content: 'Bob was here' });
assert.ok(bobUpdate.errors?.length, 'Bob cannot change Ann’s todo');
const bobDelete = await client.models.Todo.delete({ id: created.data.id });
assert.ok(bobDelete.errors?.length || bobDelete.data === null, 'Bob cannot delete Ann’s todo');
await signOut();

const guest = generateClient({ authMode: 'apiKey' });
const note = await guest.models.Note.create({ text: `public note ${stamp}` });
assert.equal(note.errors, undefined, JSON.stringify(note.errors));
const notes = await guest.models.Note.list();
assert.ok(notes.data.some((item) => item.text === `public note ${stamp}`));
const guestTodos = await guest.models.Todo.list();
assert.ok(guestTodos.errors?.length, 'the API key reads no owner-only model');

console.log('journey ok: sign-up with code, SRP sign-in, CRUD, owner rules, API key');
