// The address of the socket a request came in on, stamped onto the request for the app to read
// (lib/net/client-address.ts reads it under the same name). Any value a client sent is replaced,
// so the app can trust it in a way it can never trust X-Forwarded-For.
export const PEER_ADDRESS_HEADER = 'x-oversight-peer-address'

/** @param {import('node:http').IncomingMessage} request */
export function stampPeerAddress(request) {
  const address = request.socket?.remoteAddress
  if (address) request.headers[PEER_ADDRESS_HEADER] = address
  else delete request.headers[PEER_ADDRESS_HEADER]
}
