using Microsoft.Extensions.Logging;
using Tandem.Replication.Core;

namespace Tandem.Volume;

// Fencing on the host: the core's outdate requests and answers go through heartbeat (IPeerFence), the peer's
// come back as core inputs, and an answer leaves only once the metadata written before it is on disk.
public sealed partial class ReplicaHost
{
    /// <summary>The path to the peer over heartbeat; null without one (a one-node cluster, or a test).</summary>
    public IPeerFence? Fence { get; init; }

    string PeerName => Fence?.PeerName ?? _peer?.PeerNode ?? "the peer";

    /// <summary>Heartbeat's verdict on the peer node changed (or, right after attach, is first told).</summary>
    public void PeerNodeChanged(bool dead) => Handle(new ReplicaInput.PeerNode(dead), inline: false);

    /// <summary>The peer asks over heartbeat that this copy be marked Outdated.</summary>
    public void OutdateRequested(ulong token) => Handle(new ReplicaInput.OutdateRequest(token), inline: false);

    /// <summary>The peer answered this node's outdate request.</summary>
    public void OutdateAnswered(ulong token, OutdateResult result)
    {
        _log.PeerAnswered(Name, PeerName, token, result);
        Handle(new ReplicaInput.OutdateAnswer(token, result), inline: false);
    }

    /// <summary>The core's suspension and Outdated changes, once each, with their own event ids.</summary>
    void LogFenceChange(ReplicaAction.StateChanged sc)
    {
        if (sc.From.Suspended != sc.To.Suspended)
        {
            if (sc.To.Suspended == Suspension.Fencing)
                _log.IoSuspended(Name, PeerName, sc.Why);
            else
                _log.IoResumed(Name, sc.Why);
        }
        if (sc.To.Up && sc.To.Disk == DiskState.Outdated && sc.From.Disk != DiskState.Outdated)
            _log.DataOutdated(Name, sc.Why);
        else if (sc.From.Disk == DiskState.Outdated && sc.To.Disk != DiskState.Outdated && sc.To.Up)
            _log.DataNoLongerOutdated(Name, sc.To.Disk, sc.Why);
    }

    void RunFence(ReplicaAction a)
    {
        switch (a)
        {
            case ReplicaAction.OutdatePeer o:
                if (Fence is null)
                {
                    if (!o.Retry)
                        _log.NoFencePath(Name, PeerName);
                    return;
                }
                if (o.Retry)
                    _log.AskingOutdateAgain(Name, PeerName, o.Token);
                else
                    _log.AskingOutdate(Name, PeerName, o.Token);
                Fence.AskOutdate(Name, o.Token);
                break;
            case ReplicaAction.AnswerOutdate x:
                _ = AnswerWhenWrittenAsync(x);
                break;
            default:
                throw new InvalidOperationException($"unhandled fencing action {a.GetType().Name}");
        }
    }

    async Task AnswerWhenWrittenAsync(ReplicaAction.AnswerOutdate x)
    {
        // "Outdated" must survive a restart of this node before the peer goes on alone relying on it.
        if (!await _store.WhenWrittenAsync())
        {
            _log.AnswerFailed(Name, PeerName, "the metadata could not be written (see the errors above)");
            return;
        }
        if (Fence is null)
        {
            _log.AnswerFailed(Name, PeerName, "no heartbeat path to the peer");
            return;
        }
        _log.AnsweredPeer(Name, PeerName, x.Token, x.Result);
        Fence.AnswerOutdate(Name, x.Token, x.Result);
    }
}
