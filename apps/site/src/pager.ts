/** A list shown a page of rows at a time (the neuron and edge lists of large networks). */
import { LIST_PAGE } from './budget.js';
import { h } from './dom.js';

export class Pager<T> {
  readonly element: HTMLElement;
  private readonly nav: HTMLElement;
  private items: readonly T[] = [];
  private page = 0;

  /**
   * @param body - the container the rows go into (a `<tbody>` or a `<ul>`)
   * @param row - builds the row of item i
   * @param label - names the list for the navigation (`neurons`, `edges`)
   */
  constructor(
    private readonly body: HTMLElement,
    private readonly row: (item: T, index: number) => HTMLElement,
    private readonly label: string,
    private readonly size = LIST_PAGE,
  ) {
    this.nav = h('div', { class: 'pager', role: 'navigation', 'aria-label': `${label} pages` });
    this.element = this.nav;
  }

  /** Shows a new list, keeping the current page when it still exists. */
  set(items: readonly T[]): void {
    this.items = items;
    this.page = Math.min(this.page, Math.max(0, Math.ceil(items.length / this.size) - 1));
    this.draw();
  }

  private draw(): void {
    const from = this.page * this.size;
    const to = Math.min(this.items.length, from + this.size);
    const rows: HTMLElement[] = [];
    for (let i = from; i < to; i++) rows.push(this.row(this.items[i]!, i));
    this.body.replaceChildren(...rows);
    const pages = Math.ceil(this.items.length / this.size);
    this.nav.hidden = pages <= 1;
    if (pages <= 1) {
      this.nav.replaceChildren();
      return;
    }
    const go = (p: number) => {
      this.page = p;
      this.draw();
    };
    this.nav.replaceChildren(
      h(
        'button',
        {
          type: 'button',
          disabled: this.page === 0,
          onclick: () => go(this.page - 1),
          'aria-label': `previous ${this.label}`,
        },
        '‹',
      ),
      h('span', { class: 'pager-text' }, `${from + 1}–${to} of ${this.items.length} ${this.label}`),
      h(
        'button',
        {
          type: 'button',
          disabled: this.page >= pages - 1,
          onclick: () => go(this.page + 1),
          'aria-label': `next ${this.label}`,
        },
        '›',
      ),
    );
  }
}
