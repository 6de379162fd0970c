export const PEER_ADDRESS_HEADER: string
export const PEER_FORWARDED_HEADER: string
/** Takes any node:http IncomingMessage (only its headers and socket address are read). */
export function stampPeerAddress(request: { headers: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } }): void
