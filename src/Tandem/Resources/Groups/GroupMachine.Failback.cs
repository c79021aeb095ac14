namespace Tandem.Resources.Groups;

/// <summary>
/// auto_failback: the group goes back to its preferred node when that node is back, but only once the node's copy of
/// the group's data is ready there (every volume of the group Connected and UpToDate, as Pacemaker promotes only
/// where the data is UpToDate). Until then the group keeps running here and <see cref="FailbackWait"/> says why.
/// </summary>
public sealed partial class GroupMachine
{
    void Failback(string? peerDataNotReady, List<GroupAction> actions)
    {
        if (_goal != Goal.Running || _peer != PeerState.Alive)
        {
            _failbackDue = false;
            return;
        }
        if (peerDataNotReady is not null)
        {
            if (_failbackWait is null)
                Event(actions, GroupEventKind.Info,
                    $"{PeerName} is back and preferred (auto_failback), but its data is not ready ({peerDataNotReady}); the group stays on {_p.Node} until the resync is done");
            _failbackWait = peerDataNotReady;
            return;
        }
        var waited = _failbackWait is not null;
        _failbackDue = false;
        _failbackWait = null;
        _goal = Goal.Stopped;
        _offerWhenStopped = true;
        _recovering = false;
        Event(actions, GroupEventKind.Handover, waited
            ? $"{PeerName}'s data is UpToDate (auto_failback): handing the group back"
            : $"{PeerName} is back and preferred (auto_failback): handing the group back");
    }
}
