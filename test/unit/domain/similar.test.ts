import {
  distinctiveWords,
  queryWords,
  rankSimilar,
  similarItemsJql,
  similarity,
  stemWord,
  summaryStems,
} from '../../../src/domain/similar';

describe('similar action items', () => {
  test('stems: simple derivatives share one', () => {
    expect(['alert', 'alerts', 'alerting', 'alerted'].map(stemWord)).toEqual(['alert', 'alert', 'alert', 'alert']);
    expect(stemWord('rotate')).toBe(stemWord('rotating'));
    expect(stemWord('policies')).toBe('policy');
  });

  test('common words do not count; each stem once', () => {
    expect(summaryStems('Add an alert to the alerts')).toEqual(['alert']);
  });

  test('the query asks for the most specific words, at most six', () => {
    expect(queryWords('Alert when the gateway pool utilisation exceeds 80% for 5 minutes')).toEqual([
      'utilisation',
      'exceeds',
      'gateway',
      'minutes',
      'alert',
      'pool',
    ]);
    expect(similarItemsJql(['gateway', 'pool'])).toBe('labels = postmortem-action and summary ~ "gateway OR pool" ORDER BY created DESC');
    expect(similarItemsJql([])).toBeUndefined();
  });

  test('a quote in the draft cannot widen the query', () => {
    expect(similarItemsJql(queryWords('pool" OR project = SECRET'))).toBe(
      'labels = postmortem-action and summary ~ "project OR secret OR pool" ORDER BY created DESC',
    );
  });

  test('Dice similarity over stems, similar at 0.5', () => {
    expect(similarity('Alert on gateway pool utilisation', 'Alert when gateway pool utilisation exceeds 80%')).toBeGreaterThanOrEqual(0.5);
    expect(similarity('Alert on gateway pool utilisation', 'Document the gateway connection budget')).toBeLessThan(0.5);
    expect(similarity('', 'x')).toBe(0);
    const ranked = rankSimilar(
      'Alerting on gateway pool utilisation',
      [
        { key: 'PAY-2', summary: 'Alert when gateway pool utilisation exceeds 80% for 5 minutes', incidentKey: 'INC-3' },
        { key: 'PAY-9', summary: 'Gateway pool alerting', incidentKey: 'INC-4' },
        { key: 'PAY-7', summary: 'Document the gateway connection budget per service', incidentKey: 'INC-3' },
      ],
      { ownIncident: 'INC-4' },
    );
    expect(ranked.map((r) => r.key)).toEqual(['PAY-2']);
  });

  test('words in many items are not searched for; when all are, the two rarest', () => {
    expect(
      distinctiveWords([
        { word: 'action', items: 100_000 },
        { word: 'gateway', items: 12 },
        { word: 'pool', items: 0 },
      ]),
    ).toEqual(['gateway']);
    expect(
      distinctiveWords([
        { word: 'action', items: 100_000 },
        { word: 'item', items: 90_000 },
        { word: 'from', items: 95_000 },
      ]),
    ).toEqual(['item', 'from']);
  });
});
