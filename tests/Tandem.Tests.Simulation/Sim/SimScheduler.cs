namespace Tandem.Tests.Simulation.Sim;

/// <summary>Simulated time and the seeded randomness everything in one run draws from: the same seed, the same run.</summary>
public sealed class SimScheduler(int seed)
{
    readonly PriorityQueue<Action, (long At, long Seq)> _queue = new();
    long _seq;

    public int Seed { get; } = seed;
    public Random Random { get; } = new(seed);
    public TimeSpan Now { get; private set; }
    public long EventsRun { get; private set; }

    public void After(TimeSpan delay, Action action) =>
        _queue.Enqueue(action, ((Now + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay)).Ticks, _seq++));

    /// <summary>A random delay between <paramref name="minMs"/> and <paramref name="maxMs"/> milliseconds.</summary>
    public TimeSpan Ms(double minMs, double maxMs) => TimeSpan.FromMilliseconds(minMs + Random.NextDouble() * (maxMs - minMs));

    public bool Chance(double p) => Random.NextDouble() < p;

    public void RunFor(TimeSpan span) => RunUntil(Now + span);

    public void RunUntil(TimeSpan until)
    {
        while (_queue.TryPeek(out _, out var p) && p.At <= until.Ticks)
            Step();
        Now = until;
    }

    /// <summary>Run until <paramref name="done"/> holds or <paramref name="limit"/> of simulated time passed; true if it held.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan limit)
    {
        var end = Now + limit;
        while (!done())
        {
            if (!_queue.TryPeek(out _, out var p) || p.At > end.Ticks)
            {
                Now = end;
                return done();
            }
            Step();
        }
        return true;
    }

    void Step()
    {
        _queue.TryDequeue(out var action, out var p);
        Now = TimeSpan.FromTicks(p.At);
        EventsRun++;
        if (EventsRun > 50_000_000)
            throw new InvalidOperationException("simulation runaway: too many events");
        action!();
    }
}
