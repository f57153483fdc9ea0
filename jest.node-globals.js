// @ts-check
// Node 21+ defines a global `navigator`. aws-amplify's SRP big-integer code (jsbn, in @aws-amplify/auth
// providers/cognito/utils/srp/BigInteger) then takes Node for a browser and picks the multiply routine
// that calls Math.floor per digit, which Jest's vm context makes ~10x slower: on Node 22 each SRP
// sign-in took ~10 s and the local Cognito's 5 s keep-alive closed the socket under it (fetch failed,
// ECONNRESET). Tests run on Node, not in a browser, so they get Node 20's globals back here.
// @ts-expect-error -- `navigator` is declared non-optional in Node's types, but deleting it is the point.
delete globalThis.navigator;
