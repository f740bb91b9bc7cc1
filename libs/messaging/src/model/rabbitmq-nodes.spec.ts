import { rabbitmqNodes } from './rabbitmq-nodes';

describe(rabbitmqNodes.name, () => {
  it('reads one broker as itself and a comma-separated list as the nodes of a cluster, in order', () => {
    expect(rabbitmqNodes('amqp://guest:guest@127.0.0.1:5672')).toBe('amqp://guest:guest@127.0.0.1:5672');
    expect(rabbitmqNodes(' amqp://a:5672 , amqp://b:5672,amqp://c:5672, ')).toEqual(['amqp://a:5672', 'amqp://b:5672', 'amqp://c:5672']);
  });
});
