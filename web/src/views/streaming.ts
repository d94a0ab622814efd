/** Streaming, drawn by hand: for a user, the titles with the highest predicted rating, and one title's prediction. */
import { get, path } from '../api';
import { chart } from '../chart';
import type { PackViews } from '../pack-page';
import { facts, h, href, linkList, section } from '../ui';

type Rec = { id: string; titulo: string | null; plataforma: string | null; rating_predicho: number };

async function userView(user: string, rest: string[]): Promise<Node[]> {
  if (rest[0] === 'title' && rest[1]) {
    const p = await get<Rec & { usuario: number; rating_real?: number; nota?: string }>(path('streaming', 'prediccion', user, rest[1]));
    return [
      section(
        `${p.titulo ?? p.id} for user ${p.usuario}`,
        facts([
          ['Platform', p.plataforma ?? '—'],
          ['Predicted rating', `${p.rating_predicho} / 5`],
          ['Their own rating', p.rating_real === undefined ? 'not rated' : `${p.rating_real} / 5`],
        ]),
        p.nota ? h('p', { class: 'muted' }, p.nota) : null,
        h('p', {}, h('a', { href: href('streaming', 'user', user) }, `← all recommendations for user ${user}`)),
      ),
    ];
  }
  const body = await get<{ usuario: number; recomendaciones: Rec[]; nota?: string }>(`${path('streaming', 'recomendacion', user)}?n=10`);
  const recs = body.recomendaciones;
  const label = (r: Rec) => `${r.titulo ?? r.id} (${r.plataforma ?? '?'})`;
  return [
    section(
      `Titles for user ${body.usuario}`,
      body.nota ? h('p', { class: 'muted' }, body.nota) : null,
      linkList(recs.map((r) => ({ label: label(r), to: href('streaming', 'user', String(body.usuario), 'title', r.id), extra: `predicted ${r.rating_predicho}` })), 'Recommended titles'),
      chart({ type: 'bar', horizontal: true, title: `Predicted rating of each recommended title for user ${body.usuario}`, labels: recs.map((r) => r.titulo ?? r.id), series: [{ label: 'predicted rating', values: recs.map((r) => r.rating_predicho) }], height: 40 + 28 * recs.length }),
    ),
  ];
}

/** A user's recommendations (and one title's prediction): hand-drawn. The overview is described by the pack (src/packs/streaming/page.ts). */
export const views: PackViews = {
  views: { user: userView },
};
