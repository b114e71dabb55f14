'use strict';
// Offline Forge validation never stores credentials. If anything asks, say why it cannot.
function unavailable() {
  throw new Error('keytar is stubbed in this project (tools/keytar-stub); install @forge/cli globally to log in and deploy.');
}
module.exports = {
  getPassword: unavailable,
  setPassword: unavailable,
  deletePassword: unavailable,
  findCredentials: unavailable,
  findPassword: unavailable,
};
