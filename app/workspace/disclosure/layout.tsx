import { ClientMessages } from '@/app/_components/ClientMessages';

/** The messages this part's client components use (lib/i18n/client-messages). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages route="workspace/disclosure">{children}</ClientMessages>;
}
