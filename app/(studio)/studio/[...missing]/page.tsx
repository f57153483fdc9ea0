import { notFound } from 'next/navigation';

/** Unknown studio addresses get the studio's own not-found page, inside the studio chrome. */
export default function MissingStudioPage() {
  notFound();
}
