using System.Collections.Concurrent;
using Tandem.Volume;

namespace Tandem.Tests.Unit.Volume;

public sealed class LinkEventDrainTests
{
    [Fact]
    public async Task Events_announced_from_many_threads_are_all_taken_once_in_order_by_one_taker_at_a_time()
    {
        const int Threads = 4, PerThread = 20_000;
        var events = new ConcurrentQueue<(int Thread, int Seq)>();
        var taken = new List<(int Thread, int Seq)>();
        int taking = 0, overlaps = 0;
        var drain = new LinkEventDrain(() =>
        {
            if (Interlocked.Exchange(ref taking, 1) != 0)
                Interlocked.Increment(ref overlaps);
            while (events.TryDequeue(out var e))
                taken.Add(e);
            Volatile.Write(ref taking, 0);
            return false;
        });
        using var start = new Barrier(Threads);
        var producers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                events.Enqueue((t, i));
                drain.Run();
            }
        })).ToArray();
        await Task.WhenAll(producers);

        Assert.Equal(0, overlaps);
        Assert.True(events.IsEmpty, "an announced event was left behind");
        Assert.Equal(Threads * PerThread, taken.Count);
        for (int t = 0; t < Threads; t++)
            Assert.Equal(Enumerable.Range(0, PerThread), taken.Where(e => e.Thread == t).Select(e => e.Seq));
    }

    [Fact]
    public async Task Finished_completes_once_a_take_reports_everything_taken()
    {
        bool stopped = false;
        var drain = new LinkEventDrain(() => Volatile.Read(ref stopped));
        drain.Run();
        Assert.False(drain.Finished.IsCompleted);
        Volatile.Write(ref stopped, true);
        drain.Run();
        await drain.Finished.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_announcement_made_while_taking_is_taken_by_the_same_taker_before_it_returns()
    {
        int takes = 0;
        LinkEventDrain drain = null!;
        drain = new LinkEventDrain(() =>
        {
            if (++takes == 1)
                drain.Run(); // an event announced from inside the take (the owner sent, and the peer answered at once)
            return false;
        });
        drain.Run();
        Assert.Equal(2, takes);
    }
}
