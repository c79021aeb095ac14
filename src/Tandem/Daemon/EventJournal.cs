namespace Tandem.Daemon;

/// <summary>The last events of the node, newest last, for <c>tandem status</c>. Thread-safe, bounded.</summary>
public sealed class EventJournal(TimeProvider time, int capacity = 50)
{
    readonly Queue<EventEntry> _events = new();

    public void Add(string text)
    {
        lock (_events)
        {
            _events.Enqueue(new EventEntry(time.GetUtcNow(), text));
            while (_events.Count > capacity)
                _events.Dequeue();
        }
    }

    public IReadOnlyList<EventEntry> Snapshot()
    {
        lock (_events)
            return [.. _events];
    }
}
