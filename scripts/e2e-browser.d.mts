export const SYSTEM_CHROMIUM: string
export const SYSTEM_CHROMIUM_ARGS: string[]
export const APT_UPDATE: string
export const APT_INSTALL: string

export interface BrowserFacts {
  /** `chromium.executablePath()` of Playwright, or null when it has none for this platform. */
  playwrightPath: string | null
  exists: (file: string) => boolean
  isRoot: boolean
  hasApt: boolean
}

export type BrowserChoice =
  | { action: 'use'; executablePath: string; source: 'playwright' | 'system' }
  | { action: 'install'; commands: string[]; message: string }
  | { action: 'fail'; message: string }

export function manualInstallCommand(facts: { hasApt: boolean }): string
export function chooseBrowser(facts: BrowserFacts): BrowserChoice
export function machineFacts(playwrightPath: string | null): BrowserFacts
