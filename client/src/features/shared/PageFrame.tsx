import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';

interface PageFrameProps {
  heading: string;
  /** The way back to the event's page, in the page's words. */
  back: string;
  /** The panel's own class (its layout). */
  className: string;
  children: ReactNode;
}

/** A page of its own outside the programme (account pages, a list message's links): the way back, a heading that titles the tab, the content. */
export function PageFrame({ heading, back, className, children }: PageFrameProps) {
  useEffect(() => {
    document.title = `${heading} · Convene`;
  }, [heading]);
  return (
    <main className="landing">
      <p>
        <Link to="/">{back}</Link>
      </p>
      <section className={`panel ${className}`} aria-labelledby="page-frame-heading">
        <h1 id="page-frame-heading">{heading}</h1>
        {children}
      </section>
    </main>
  );
}
