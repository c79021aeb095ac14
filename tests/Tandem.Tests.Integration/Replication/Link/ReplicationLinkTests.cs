using Tandem.Replication.Link;
using Tandem.Replication.Protocol;
using Barrier = Tandem.Replication.Protocol.Barrier;
using Xunit.Abstractions;
using static Tandem.Tests.Integration.Replication.Link.LinkTestKit;

namespace Tandem.Tests.Integration.Replication.Link;

/// <summary>Two real links over loopback TCP.</summary>
public sealed class ReplicationLinkTests(ITestOutputHelper output)
{
    private static byte[] DataFor(ulong id, int length)
    {
        var data = new byte[length];
        new Random((int)id).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Thousands_of_writes_arrive_complete_and_in_order_both_ways()
    {
        var (a, b, logsA, logsB) = await PairAsync(FreePort(), FreePort());
        await using (a)
        await using (b)
        {
            Assert.Equal("bravo", (await a.NextAsync<LinkEvent.Established>(logsA)).Peer.Node);
            Assert.Equal("alpha", (await b.NextAsync<LinkEvent.Established>(logsB)).Peer.Node);

            const int count = 5000;
            static int LengthOf(ulong id) => id % 500 == 0 ? ReplicationLimits.MaxDataLength : id % 7 == 0 ? 65536 : 4096;

            Task Send(ReplicationLink link) => Task.Run(() =>
            {
                for (ulong id = 0; id < count; id++)
                {
                    int length = LengthOf(id);
                    Assert.True(link.TrySend(new Write(id, (uint)(id / 100), (long)id * 4096, length, WriteKind.Data, id % 3 == 0, DataFor(id, length))));
                    if (id % 100 == 99)
                    {
                        Assert.True(link.TrySend(new Barrier((uint)(id / 100), Flush: true)));
                    }
                }
            });

            async Task Receive(ReplicationLink link, CapturingLogs logs)
            {
                ulong expected = 0;
                while (expected < count)
                {
                    var received = await link.NextAsync<LinkEvent.Received>(logs);
                    if (received.Packet is Barrier barrier)
                    {
                        Assert.Equal((uint)((expected - 1) / 100), barrier.Epoch);
                        continue;
                    }

                    var write = Assert.IsType<Write>(received.Packet);
                    Assert.Equal(expected, write.Id);
                    Assert.Equal(LengthOf(expected), write.Length);
                    Assert.True(write.Data.Span.SequenceEqual(DataFor(expected, write.Length)), $"data of write {expected} differs");
                    Assert.Equal(expected % 3 == 0, write.Fua);
                    received.ReleasePayload();
                    expected++;
                }
            }

            await Task.WhenAll(Send(a), Send(b), Receive(a, logsA), Receive(b, logsB));
        }
    }

    [Fact]
    public async Task Connections_started_at_the_same_moment_leave_exactly_one()
    {
        for (int round = 0; round < 5; round++)
        {
            var (a, b, logsA, logsB) = await PairAsync(FreePort(), FreePort());
            await using (a)
            await using (b)
            {
                var atA = await a.NextAsync<LinkEvent.Established>(logsA);
                var atB = await b.NextAsync<LinkEvent.Established>(logsB);
                Assert.NotEqual(atA.Peer.Outgoing, atB.Peer.Outgoing);
                await EventuallyAsync(() => a.ConnectionCount == 1 && b.ConnectionCount == 1, "one connection left on each side", logsA);

                // The one left works, and neither side saw a Lost.
                Assert.True(a.TrySend(new OutOfSync(round, 4096)));
                Assert.Equal(new OutOfSync(round, 4096), (await b.NextAsync<LinkEvent.Received>(logsB)).Packet);
                Assert.True(b.TrySend(new SyncDone(round)));
                Assert.Equal(new SyncDone(round), (await a.NextAsync<LinkEvent.Received>(logsA)).Packet);
                Assert.False(a.Events.TryRead(out _));
                Assert.False(b.Events.TryRead(out _));
                Assert.Equal(LinkState.Connected, a.State);
                output.WriteLine($"round {round}:\n{logsA}\n--\n{logsB}");
            }
        }
    }

    [Fact]
    public async Task A_restarted_peer_is_lost_then_established_again()
    {
        int portA = FreePort(), portB = FreePort();
        var (a, b, logsA, logsB) = await PairAsync(portA, portB);
        await using (a)
        {
            await a.NextAsync<LinkEvent.Established>(logsA);
            await b.NextAsync<LinkEvent.Established>(logsB);

            await b.StopAsync();
            var lost = await a.NextAsync<LinkEvent.Lost>(logsA);
            Assert.Contains("stopping", lost.Reason);
            Assert.False(a.TrySend(new RecvAck(1)));

            var logsB2 = new CapturingLogs();
            await using var b2 = NewLink(Settings("bravo", portB, "alpha", portA), logsB2, 3);
            b2.Start();
            await a.NextAsync<LinkEvent.Established>(logsA);
            await b2.NextAsync<LinkEvent.Established>(logsB2);
            Assert.True(b2.TrySend(new RecvAck(2)));
            Assert.Equal(new RecvAck(2), (await a.NextAsync<LinkEvent.Received>(logsA)).Packet);
            Assert.True(a.TrySend(new WriteAck(3)));
            Assert.Equal(new WriteAck(3), (await b2.NextAsync<LinkEvent.Received>(logsB2)).Packet);

            // The largest frame that is not data: a full bitmap packet.
            var runs = Enumerable.Range(0, ReplicationLimits.MaxBitmapRuns).Select(i => new DirtyRange(i * 8192L, 4096)).ToArray();
            Assert.True(a.TrySend(new BitmapRuns(runs, Last: true)));
            var bitmap = Assert.IsType<BitmapRuns>((await b2.NextAsync<LinkEvent.Received>(logsB2)).Packet);
            Assert.Equal(runs, bitmap.Runs);
        }
    }

    [Fact]
    public async Task A_peer_with_another_key_is_never_established_and_both_log_it()
    {
        var (a, b, logsA, logsB) = await PairAsync(FreePort(), FreePort(), s => s with { Key = "some-other-key-of-the-same-length"u8.ToArray() });
        await using (a)
        await using (b)
        {
            await EventuallyAsync(() => logsA.Has(1811, "failed authentication") && logsB.Has(1811, "failed authentication"), "authentication refusals logged", logsA);
            Assert.False(a.Events.TryRead(out _));
            Assert.False(b.Events.TryRead(out _));
            Assert.Equal(LinkState.Connecting, a.State);
            Assert.False(a.TrySend(new RecvAck(1)));
        }
    }

    [Fact]
    public async Task Different_protocol_letters_are_refused_with_one_line_naming_both()
    {
        var (a, b, logsA, logsB) = await PairAsync(FreePort(), FreePort(), s => s with { Protocol = Tandem.Config.ReplicationProtocol.A });
        await using (a)
        await using (b)
        {
            await EventuallyAsync(() => logsA.Has(1814, "uses protocol A, this node protocol C"), "incompatibility logged", logsA);
            await EventuallyAsync(() => logsB.Has(1814, "uses protocol C, this node protocol A"), "incompatibility logged on the peer", logsB);
            Assert.False(a.Events.TryRead(out _));
        }
    }

    [Fact]
    public async Task An_owner_that_holds_the_receiving_thread_past_the_ping_timeout_keeps_the_connection()
    {
        // Bravo's owner takes its first packet on the receiving thread and stays there for 3 s (a disk write that
        // stalls): bravo reads nothing meanwhile, so alpha's pings go unanswered. Bravo's keepalive must tell alpha it is
        // alive, and neither side may blame the other for the silence.
        await using var held = await HeldPairAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));
        Assert.True(held.A.TrySend(new Write(1, 0, 0, 4096, WriteKind.Data, false, DataFor(1, 4096))));
        await EventuallyAsync(() => held.Holding, "bravo's owner holding the receiving thread", held.LogsB);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.True(held.A.TrySend(new Write(2, 0, 4096, 4096, WriteKind.Data, false, DataFor(2, 4096))));

        Assert.Equal(1UL, Assert.IsType<Write>((await held.B.NextAsync<LinkEvent.Received>(held.LogsB)).Packet).Id);
        Assert.Equal(2UL, Assert.IsType<Write>((await held.B.NextAsync<LinkEvent.Received>(held.LogsB)).Packet).Id);
        held.AssertNeitherLost();
    }

    [Fact]
    public async Task A_peer_held_by_its_disk_while_writes_back_up_behind_it_keeps_the_connection_and_gets_everything_in_order()
    {
        // Alpha queues 64 MiB while bravo's receiving thread is held for 4 s: alpha's socket writes stay blocked far longer
        // than ping interval + timeout (1.5 s), but bravo says it is alive, so alpha waits for it (up to the busy limit).
        await using var held = await HeldPairAsync(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));
        Assert.True(held.A.TrySend(new Write(0, 0, 0, 4096, WriteKind.Data, false, DataFor(0, 4096))));
        await EventuallyAsync(() => held.Holding, "bravo's owner holding the receiving thread", held.LogsB);
        const int count = 256;
        for (ulong id = 1; id <= count; id++)
        {
            Assert.True(held.A.TrySend(new Write(id, 0, (long)id << 18, 1 << 18, WriteKind.Data, false, DataFor(id, 1 << 18))));
        }

        for (ulong id = 0; id <= count; id++)
        {
            var write = Assert.IsType<Write>((await held.B.NextAsync<LinkEvent.Received>(held.LogsB)).Packet);
            Assert.Equal(id, write.Id);
            Assert.True(write.Data.Span.SequenceEqual(DataFor(id, write.Length)));
        }

        held.AssertNeitherLost();
    }

    [Fact]
    public async Task A_peer_held_past_the_busy_limit_is_lost()
    {
        await using var held = await HeldPairAsync(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(1));
        Assert.True(held.A.TrySend(new Write(1, 0, 0, 4096, WriteKind.Data, false, DataFor(1, 4096))));
        var lost = await held.A.NextAsync<LinkEvent.Lost>(held.LogsA);
        Assert.Contains("no answer to a ping", lost.Reason);
    }

    /// <summary>Alpha and bravo with the daemon's pings (500 ms, timeout 1 s); bravo's owner holds its receiving thread once, on the first packet, for <paramref name="hold"/>.</summary>
    private static async Task<HeldPair> HeldPairAsync(TimeSpan hold, TimeSpan busyLimit)
    {
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        var logsB = new CapturingLogs();
        LinkSettings Fast(LinkSettings s) => s with
        {
            PingInterval = TimeSpan.FromMilliseconds(500), PingTimeout = TimeSpan.FromSeconds(1), BusyLimit = busyLimit,
        };
        var pair = new HeldPair(logsA, logsB);
        pair.A = NewLink(Fast(Settings("alpha", portA, "bravo", portB)), logsA, 1);
        pair.B = new ReplicationLink(Fast(Settings("bravo", portB, "alpha", portA)), logsB, TimeProvider.System, new Random(2))
        {
            EventsAvailable = () =>
            {
                if (Thread.CurrentThread.Name?.StartsWith("link-", StringComparison.Ordinal) == true && Interlocked.Exchange(ref pair.HoldCount, 1) == 0)
                {
                    Thread.Sleep(hold);
                }
            },
        };
        pair.A.Start();
        pair.B.Start();
        try
        {
            await SettledAsync(pair.A, logsA);
            await SettledAsync(pair.B, logsB);
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }

        return pair;
    }

    /// <summary>Waits for Established and then for a quiet second (crossed connections at start may replace the first one).</summary>
    private static async Task SettledAsync(ReplicationLink link, CapturingLogs logs)
    {
        LinkEvent last = await link.NextAsync<LinkEvent.Established>(logs);
        while (true)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                last = await link.Events.ReadAsync(quiet.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Assert.IsType<LinkEvent.Established>(last);
    }

    private sealed class HeldPair(CapturingLogs logsA, CapturingLogs logsB) : IAsyncDisposable
    {
        public int HoldCount;

        public ReplicationLink A { get; set; } = null!;

        public ReplicationLink B { get; set; } = null!;

        public CapturingLogs LogsA => logsA;

        public CapturingLogs LogsB => logsB;

        public bool Holding => Volatile.Read(ref HoldCount) == 1;

        public void AssertNeitherLost()
        {
            Assert.False(A.Events.TryRead(out var lost), $"alpha lost the connection: {lost}\n{logsA}");
            Assert.Equal(0, logsA.WithId(1806).Count() + logsB.WithId(1806).Count());
        }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_lagging_owner_holds_back_the_peer_without_losing_or_reordering_anything()
    {
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        var logsB = new CapturingLogs();
        await using var a = NewLink(Settings("alpha", portA, "bravo", portB) with { ReceiveQueueLength = 8 }, logsA);
        await using var b = NewLink(Settings("bravo", portB, "alpha", portA), logsB);
        a.Start();
        b.Start();
        await a.NextAsync<LinkEvent.Established>(logsA);
        await b.NextAsync<LinkEvent.Established>(logsB);

        const int count = 2000;
        for (ulong id = 0; id < count; id++)
        {
            Assert.True(b.TrySend(new Write(id, 0, (long)id * 4096, 4096, WriteKind.Data, false, DataFor(id, 4096))));
        }

        // Nobody reads at alpha: it stops at its queue length and the rest waits in the sockets.
        await EventuallyAsync(() => a.Events.Count == 8, "alpha's queue full", logsA);
        await Task.Delay(300);
        Assert.Equal(8, a.Events.Count);

        for (ulong id = 0; id < count; id++)
        {
            var write = Assert.IsType<Write>((await a.NextAsync<LinkEvent.Received>(logsA)).Packet);
            Assert.Equal(id, write.Id);
            Assert.True(write.Data.Span.SequenceEqual(DataFor(id, 4096)));
        }
    }

    [Fact]
    public async Task Every_payload_the_link_took_is_released_once_also_when_its_connection_drops_with_it_unsent()
    {
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        var logsB = new CapturingLogs();
        var released = new System.Collections.Concurrent.ConcurrentDictionary<ulong, int>();
        await using var a = new ReplicationLink(Settings("alpha", portA, "bravo", portB), logsA, TimeProvider.System, new Random(1))
        {
            PayloadReleased = p => released.AddOrUpdate(((Write)p).Id, 1, (_, n) => n + 1),
        };
        var b = NewLink(Settings("bravo", portB, "alpha", portA) with { ReceiveQueueLength = 1 }, logsB, 2);
        a.Start();
        b.Start();
        await a.NextAsync<LinkEvent.Established>(logsA);
        await b.NextAsync<LinkEvent.Established>(logsB);

        // Bravo's owner reads nothing: its link stops reading after one packet, the sockets fill, alpha's writer
        // blocks and the rest stays queued.
        const int size = 256 * 1024;
        var accepted = new List<ulong>();
        for (ulong id = 1; id <= 200; id++)
        {
            if (a.TrySend(new Write(id, 0, (long)id * size, size, WriteKind.Data, false, DataFor(id, size))))
            {
                accepted.Add(id);
            }
        }

        await EventuallyAsync(() => b.Events.Count == 1, "bravo's queue full", logsB);
        Assert.True(released.Count < accepted.Count, $"all {accepted.Count} were written out: nothing stayed queued");

        await b.DisposeAsync(); // the connection drops with packets queued at alpha
        await a.NextAsync<LinkEvent.Lost>(logsA);
        await EventuallyAsync(() => released.Count == accepted.Count, $"all {accepted.Count} released (so far {released.Count})", logsA);
        Assert.All(released, r => Assert.Equal(1, r.Value));
        Assert.Equal(accepted.Order(), released.Keys.Order());
        Assert.False(a.TrySend(new Write(999, 0, 0, size, WriteKind.Data, false, DataFor(999, size)))); // refused: not released by the link
        await Task.Delay(100);
        Assert.False(released.ContainsKey(999));
    }
}
