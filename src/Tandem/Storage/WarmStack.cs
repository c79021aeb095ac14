namespace Tandem.Storage;

/// <summary>
/// Free buffers of a pool, shared by every thread: the one given back last is handed out first, so the buffers in use
/// stay as few as the requests in flight and warm in the cache (a FIFO, or a list per thread that others steal the
/// oldest from, cycles through every buffer the pool ever held).
/// </summary>
public sealed class WarmStack<T>(int capacity = 0)
{
    readonly Stack<T> _items = new(capacity);

    public bool TryTake(out T item)
    {
        lock (_items)
            return _items.TryPop(out item!);
    }

    /// <summary>Keeps <paramref name="item"/> unless <paramref name="max"/> are kept already; false when it was not kept.</summary>
    public bool TryGiveBack(T item, int max = int.MaxValue)
    {
        lock (_items)
        {
            if (_items.Count >= max)
                return false;
            _items.Push(item);
            return true;
        }
    }
}
