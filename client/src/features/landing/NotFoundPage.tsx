import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main className="landing">
      <section className="panel">
        <h1>Page not found</h1>
        <p>This address does not lead anywhere in Convene.</p>
        <Link className="button" to="/">
          See the rooms
        </Link>
      </section>
    </main>
  );
}
