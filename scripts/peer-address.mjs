// The address of the socket a request came in on, stamped onto the request for the app to read
// (lib/net/client-address.ts reads it under the same name). Any value a client sent is replaced,
// so the app can trust it in a way it can never trust X-Forwarded-For.
export const PEER_ADDRESS_HEADER = 'x-oversight-peer-address'
// Whether the request arrived carrying a proxy's forwarding header. Next.js fills X-Forwarded-For
// in itself when it is absent, so the app cannot tell afterwards: the operator token of the CLI
// (lib/auth/operator-token.ts) is refused when a proxy, even one on this machine, passed it on.
export const PEER_FORWARDED_HEADER = 'x-oversight-peer-forwarded'
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip']

/** @param {import('node:http').IncomingMessage} request */
export function stampPeerAddress(request) {
  const address = request.socket?.remoteAddress
  if (address) request.headers[PEER_ADDRESS_HEADER] = address
  else delete request.headers[PEER_ADDRESS_HEADER]
  if (FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined)) request.headers[PEER_FORWARDED_HEADER] = '1'
  else delete request.headers[PEER_FORWARDED_HEADER]
}
