import { createElement } from 'lwc';
import WpSyncErrorPanel from 'c/wpSyncErrorPanel';

describe('c-wp-sync-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows nothing without errors', () => {
    const element = createElement('c-wp-sync-error-panel', { is: WpSyncErrorPanel });
    document.body.appendChild(element);

    expect(element.shadowRoot.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows every message in one accessible alert', async () => {
    const element = createElement('c-wp-sync-error-panel', { is: WpSyncErrorPanel });
    element.friendlyMessage = 'Could not load.';
    element.errors = [{ body: { message: 'No access' } }, new Error('Timeout')];
    document.body.appendChild(element);

    const alert = element.shadowRoot.querySelector('[role="alert"]');
    expect(alert.querySelector('h2').textContent).toBe('Could not load.');
    const items = [...element.shadowRoot.querySelectorAll('.error-message')].map(
      (li) => li.textContent,
    );
    expect(items).toEqual(['No access', 'Timeout']);
    await expect(element).toBeAccessible();
  });
});
