using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tandem.Replication.Core;
using Tandem.Replication.Link;
using Tandem.Replication.Protocol;

namespace Tandem.Volume;

// The connection to the peer: one ReplicationLink at a time (a new one after the core gave up on the
// last), its events fed to the core in order; pooled payloads handed back once written.
public sealed partial class ReplicaHost
{
    readonly SemaphoreSlim _linkChange = new(1, 1);
    readonly ConcurrentDictionary<byte[], LinkEvent.Received> _pooled = new(ReferenceEqualityComparer.Instance);
    ReplicationLink? _link;
    LinkEventDrain? _drain;

    void SendToPeer(ReplicationPacket p)
    {
        bool queued = false;
        try
        {
            queued = Volatile.Read(ref _link)?.TrySend(p) ?? false;
        }
        catch (ArgumentException e)
        {
            // A packet the wire format cannot carry is a bug here; the peer resyncs what it misses.
            _log.HostFailed(Name, $"not sent to the peer: {e.Message}");
        }
        if (!queued && p is Write w)
            ReleaseData(w.Data); // the link's hold: it never took the packet (no connection, or closing)
    }

    void SetLink(bool enabled, string reason)
    {
        if (_peer is null)
            return;
        _ = ChangeLinkAsync(enabled);
    }

    async Task ChangeLinkAsync(bool enabled)
    {
        await _linkChange.WaitAsync();
        try
        {
            if (!enabled)
            {
                await StopLinkCoreAsync();
                return;
            }
            if (_link is not null)
                return;
            var settings = LinkSettings.For(_peer!.Cluster, _options, _node, _peer.Key, SizeBytes) with
            {
                // A dead peer must be noticed about as fast as heartbeat's deadtime, or a takeover waits for it.
                PingInterval = TimeSpan.FromMilliseconds(500),
                PingTimeout = TimeSpan.FromSeconds(1),
                Tls = _tls,
            };
            ReplicationLink link = null!;
            var events = new LinkEventDrain(() => TakeEvents(link));
            link = new ReplicationLink(settings, _logs, _time, new Random(_random.Next()))
            {
                PayloadReleased = OnPayloadReleased,
                EventsAvailable = events.Run,
            };
            Volatile.Write(ref _link, link);
            _drain = events;
            link.Start();
        }
        catch (Exception e)
        {
            _log.HostFailed(Name, $"link: {e.Message}");
        }
        finally
        {
            _linkChange.Release();
        }
    }

    /// <summary>
    /// Feeds the link's events to the core in order, on the thread that announced them: a received packet on the thread
    /// that read it (no other thread is woken for it), Established and Lost on the thread pool. True once the link's
    /// events are all taken (it was stopped).
    /// </summary>
    bool TakeEvents(ReplicationLink link)
    {
        while (link.Events.TryRead(out var e))
        {
            try
            {
                Take(e);
            }
            catch (Exception ex)
            {
                _log.HostFailed(Name, $"link events: {ex}");
            }
        }
        return link.Events.Completion.IsCompleted;
    }

    void Take(LinkEvent e)
    {
        switch (e)
        {
            case LinkEvent.Established:
                Handle(new ReplicaInput.PeerConnected(), inline: false);
                break;
            case LinkEvent.Received r:
                bool keep = r.Packet is Write or ResyncData && KeepUntilWritten(r);
                Handle(new ReplicaInput.PeerPacket(r.Packet), inline: false);
                if (!keep && r.Packet is not ReadReply)
                    r.ReleasePayload();
                break;
            case LinkEvent.Lost l:
                _pooled.Clear();
                _lent.Clear();
                Handle(new ReplicaInput.PeerLost(l.Reason), inline: false);
                break;
        }
    }

    bool KeepUntilWritten(LinkEvent.Received r)
    {
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(r.Packet.Payload, out var seg) || seg.Array is null)
            return false;
        _pooled[seg.Array] = r;
        return true;
    }

    async Task StopLinkCoreAsync()
    {
        var link = Interlocked.Exchange(ref _link, null);
        if (link is null)
            return;
        await link.StopAsync();
        if (_drain is { } drain)
            await drain.Finished;
        await link.DisposeAsync();
    }

    async Task StopLinkAsync()
    {
        await _linkChange.WaitAsync();
        try { await StopLinkCoreAsync(); }
        finally { _linkChange.Release(); }
    }
}
