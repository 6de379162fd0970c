import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { safeNextPath } from '@/lib/auth/next-path'
import { getPageUser } from '@/lib/auth/page'
import { LoginForm } from './_components/login-form'

// The root layout's title template appends " · Oversight".
export const metadata: Metadata = { title: 'Sign in' }

type SearchParams = Promise<Record<string, string | string[] | undefined>>

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** /login: the sign-in form; a signed-in visitor goes straight on to `next`. */
export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams
  const next = safeNextPath(first(params.next))
  if (await getPageUser()) redirect(next)
  return <LoginForm next={next} initialError={first(params.error)} />
}
