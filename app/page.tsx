import { redirect } from 'next/navigation'

/** `/` leads to the overview (SPEC §4); the proxy has already sent visitors without a session to /login. */
export default function HomePage(): never {
  redirect('/overview')
}
