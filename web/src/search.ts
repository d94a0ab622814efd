/**
 * The search box: a kind (game, developer, …) and an ARIA 1.2 combobox whose list comes from
 * `/suggest/{pack}/{kind}` as you type. Keyboard: ↓/↑ move through the suggestions, Enter picks
 * the highlighted one (or searches what is typed), Escape closes the list.
 */
import { suggest } from './api';
import { h } from './ui';

export interface Kind {
  value: string;
  label: string;
  placeholder: string;
  /** kinds without autocomplete on the server set this false */
  autocomplete?: boolean;
  /** the autocomplete route, when not `/suggest/{pack}/{kind}` */
  suggest?: string;
}

let boxes = 0;

export function searchBox(opts: { pack: string; kinds: Kind[]; kind?: string; value?: string; onSubmit(kind: string, value: string): void }): HTMLElement {
  const id = `search-${++boxes}`;
  const listId = `${id}-list`;
  const kindSelect = h(
    'select',
    { id: `${id}-kind`, 'aria-label': 'What to search' },
    opts.kinds.map((k) => h('option', { value: k.value, selected: k.value === opts.kind }, k.label)),
  );
  const input = h('input', {
    id,
    type: 'search',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    enterkeyhint: 'search',
  });
  input.value = opts.value ?? '';
  const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', hidden: true, 'aria-label': 'Suggestions' });
  const kind = () => opts.kinds.find((k) => k.value === kindSelect.value) ?? opts.kinds[0];
  const setPlaceholder = () => (input.placeholder = kind().placeholder);
  setPlaceholder();

  let options: string[] = [];
  let active = -1;
  let pending: AbortController | null = null;
  let timer = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const render = () => {
    list.replaceChildren(
      ...options.map((o, i) =>
        h(
          'li',
          {
            id: `${listId}-${i}`,
            role: 'option',
            'aria-selected': i === active ? 'true' : 'false',
            // mousedown, not click: the input must not lose focus (and close the list) first
            onmousedown: (e: Event) => {
              e.preventDefault();
              pick(o);
            },
          },
          o,
        ),
      ),
    );
    list.hidden = options.length === 0;
    input.setAttribute('aria-expanded', String(options.length > 0));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `${listId}-${active}`);
      document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const pick = (value: string) => {
    input.value = value;
    close();
    opts.onSubmit(kind().value, value);
  };
  const refresh = () => {
    window.clearTimeout(timer);
    const q = input.value;
    if (kind().autocomplete === false || !q.trim()) {
      options = [];
      close();
      return;
    }
    timer = window.setTimeout(async () => {
      pending?.abort();
      pending = new AbortController();
      try {
        options = await suggest(opts.pack, kind().value, q, pending.signal, kind().suggest);
        active = -1;
        if (document.activeElement === input) render();
      } catch {
        // autocomplete is a help: a failed suggestion request leaves the box usable
      }
    }, 120);
  };

  input.addEventListener('input', refresh);
  input.addEventListener('blur', () => window.setTimeout(close, 0));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!options.length) return;
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      active = (active + step + options.length + 1) % (options.length + 1);
      if (active === options.length) active = -1;
      render();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (active >= 0 && !list.hidden) pick(options[active]);
      else if (input.value.trim()) pick(input.value.trim());
    } else if (e.key === 'Escape') {
      if (!list.hidden) {
        e.preventDefault();
        close();
      }
    }
  });
  kindSelect.addEventListener('change', () => {
    setPlaceholder();
    input.focus();
    refresh();
  });

  return h(
    'form',
    { class: 'search', role: 'search', onsubmit: (e: Event) => e.preventDefault() },
    h('label', { for: id, class: 'visually-hidden' }, 'Search'),
    kindSelect,
    h('div', { class: 'combo' }, input, list),
    h('button', { type: 'button', onclick: () => input.value.trim() && pick(input.value.trim()) }, 'Search'),
  );
}
