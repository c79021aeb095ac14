using Microsoft.Extensions.Logging;
using Tandem.Cluster.Protocol;
using Tandem.Heartbeat;

namespace Tandem.Cluster;

/// <summary>The loop that feeds <see cref="GroupPeerCore"/> and carries out what it asks.</summary>
public sealed partial class HeartbeatGroupPeer
{
    async Task LoopAsync()
    {
        try
        {
            await foreach (var item in _inbox.Reader.ReadAllAsync(_stop.Token))
            {
                var input = item == Observe
                    // Node state first, payload second: a payload read after "up" is at least as new as the heartbeat that made it up.
                    ? new GroupPeerInput.Observed(_membership.PeerState, _membership.PeerPayload)
                    : item == ReadLocal ? ReadLocalStates()
                    : (GroupPeerInput)item;
                Execute(_core.Handle(input));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _log.PeerLoopFailed(_peerName, e);
            throw;
        }
    }

    async Task TickAsync()
    {
        using var timer = new PeriodicTimer(_poll, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                _inbox.Writer.TryWrite(ReadLocal); // volumes change without a group changing (a resync's progress)
                _inbox.Writer.TryWrite(Observe);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    void Execute(IReadOnlyList<GroupPeerAction> actions)
    {
        // What goes out is published before the new view is visible: whoever sees the peer dead also sees its requests withdrawn.
        foreach (var p in actions.OfType<GroupPeerAction.Publish>())
            _membership.SetLocalPayload(p.Payload);
        _view = new View(_core.State, _core.PeerGroups, _core.PeerVolumes, _core.Outstanding);
        foreach (var action in actions)
        {
            switch (action)
            {
                case GroupPeerAction.Publish:
                    break;
                case GroupPeerAction.PeerChanged c:
                    if (c.Old != c.New)
                        _log.PeerChanged(_peerName, c.Old, c.New, c.Why);
                    Changed?.Invoke();
                    break;
                case GroupPeerAction.Deliver d:
                    _log.RequestReceived(_peerName, d.Request.ToString());
                    _deliver(d.Request);
                    break;
                case GroupPeerAction.Sent s:
                    _log.RequestSent(_peerName, s.Request.ToString());
                    break;
                case GroupPeerAction.Dropped d:
                    _log.RequestDropped(_peerName, d.Kind.ToString(), d.Group, d.Why);
                    break;
                case GroupPeerAction.Unreadable u:
                    _log.PeerUnreadable(_peerName, u.Reason);
                    break;
                default:
                    throw new InvalidOperationException($"unhandled group peer action {action}");
            }
        }
    }
}
