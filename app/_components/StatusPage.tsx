import Link from 'next/link';

/** The not-found, forbidden and unauthorized pages inside the site shell: a heading, a sentence, one way on. */
export function StatusPage({ title, text, link }: { title: string; text: string; link: { href: string; label: string } }) {
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{text}</p>
      <p><Link href={link.href}>{link.label}</Link></p>
    </section>
  );
}
