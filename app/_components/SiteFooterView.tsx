'use client';

/** The footer's texts, translated on the server (SiteFooter.tsx); a field the profile leaves empty is absent. */
export interface SiteFooterTexts {
  contact: string;
  about: string;
  sponsor?: string;
  /** [label, value] of the contact block, each only when the profile has it; the address with its postcode. */
  address?: [label: string, address: string, postcode: string];
  phone?: [label: string, phone: string];
  email?: [label: string, email: string];
  hours?: [label: string, hours: string];
  office?: [label: string, office: string];
}

/**
 * The bureau's contact block as a client component taking plain props: nothing here is interactive, but a server
 * component's footer reached every page twice, as HTML and as its element tree in the RSC payload (~1.6 KB); as props
 * its texts travel once in the payload (issue 15). The profile's fields are the bureau's own words: marked
 * `data-user-content` (e2e/english.spec.ts).
 */
export function SiteFooterView({ texts: t, org }: { texts: SiteFooterTexts; org: boolean }) {
  return (
    <footer className="site-footer">
      <div className="container footer-inner">
        {org ? (
          <section aria-labelledby="footer-contact">
            <h2 id="footer-contact">{t.contact}</h2>
            <dl className="contact">
              {t.address ? <div><dt>{t.address[0]}</dt><dd><span data-user-content="">{t.address[1]}</span>{t.address[2]}</dd></div> : null}
              {t.phone ? <div><dt>{t.phone[0]}</dt><dd><a href={`tel:${t.phone[1]}`}>{t.phone[1]}</a></dd></div> : null}
              {t.email ? <div><dt>{t.email[0]}</dt><dd><a href={`mailto:${t.email[1]}`}>{t.email[1]}</a></dd></div> : null}
              {t.hours ? <div><dt>{t.hours[0]}</dt><dd data-user-content="">{t.hours[1]}</dd></div> : null}
              {t.office ? <div><dt>{t.office[0]}</dt><dd data-user-content="">{t.office[1]}</dd></div> : null}
            </dl>
          </section>
        ) : null}
        <div className="footer-about">
          {t.sponsor ? <p>{t.sponsor}</p> : null}
          <p>{t.about}</p>
        </div>
      </div>
    </footer>
  );
}
