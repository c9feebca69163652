import { createElement } from 'lwc';
import WpSyncDeploymentStatus, { POLL_INTERVAL_MS } from 'c/wpSyncDeploymentStatus';
import getDeploymentStatus from '@salesforce/apex/WPSyncAdminController.getDeploymentStatus';

jest.mock(
  '@salesforce/apex/WPSyncAdminController.getDeploymentStatus',
  () => ({ default: jest.fn() }),
  { virtual: true },
);

async function flush() {
  // eslint-disable-next-line no-await-in-loop -- sequential on purpose: each await drains one microtask round
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function render(onFinished) {
  const element = createElement('c-wp-sync-deployment-status', { is: WpSyncDeploymentStatus });
  element.jobId = '0Af000000000001AAA';
  element.addEventListener('finished', onFinished);
  document.body.appendChild(element);
  return element;
}

describe('c-wp-sync-deployment-status', () => {
  beforeEach(() => jest.useFakeTimers());

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('polls until the callback logged success, then reports it', async () => {
    getDeploymentStatus
      .mockResolvedValueOnce({ state: 'InProgress' })
      .mockResolvedValueOnce({ state: 'Succeeded', message: 'Mapping deployment succeeded.' });
    const finished = jest.fn();
    const element = render(finished);
    await flush();

    expect(element.shadowRoot.querySelector('.state-label').textContent).toBe(
      'Deploying custom metadata…',
    );
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(finished).not.toHaveBeenCalled();

    jest.advanceTimersByTime(POLL_INTERVAL_MS);
    await flush();

    expect(getDeploymentStatus).toHaveBeenCalledTimes(2);
    expect(getDeploymentStatus).toHaveBeenCalledWith({ jobId: '0Af000000000001AAA' });
    expect(finished.mock.calls[0][0].detail).toEqual({
      state: 'Succeeded',
      message: 'Mapping deployment succeeded.',
    });
    const status = element.shadowRoot.querySelector('.deployment-status');
    expect(status.className).toContain('slds-theme_success');
    expect(status.querySelector('.message').textContent).toBe('Mapping deployment succeeded.');
    expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
  });

  it('reports a failed deployment with the callback message', async () => {
    getDeploymentStatus.mockResolvedValue({ state: 'Failed', message: 'Invalid value' });
    const finished = jest.fn();
    const element = render(finished);
    await flush();

    expect(element.shadowRoot.querySelector('.state-label').textContent).toBe(
      'The deployment failed.',
    );
    expect(element.shadowRoot.querySelector('.deployment-status').className).toContain(
      'slds-alert_error',
    );
    expect(finished.mock.calls[0][0].detail.state).toBe('Failed');
  });

  it('keeps polling through a read error and stops when removed', async () => {
    getDeploymentStatus.mockRejectedValue({ body: { message: 'offline' } });
    const element = render(jest.fn());
    await flush();

    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toEqual({
      body: { message: 'offline' },
    });
    document.body.removeChild(element);
    jest.advanceTimersByTime(POLL_INTERVAL_MS * 3);
    await flush();
    expect(getDeploymentStatus).toHaveBeenCalledTimes(1);
  });
});
